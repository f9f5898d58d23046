package io.mgw.adapters.frame;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mgw.adapters.audio.AudioEncoding;
import java.util.Map;

/**
 * First frame toward the pod: who is calling and in which audio format (every part optional on
 * the session socket, all present on the agent stream).
 */
public record StartFrame(@JsonProperty("session_id") String sessionId, Call call, Audio audio) implements Frame {

    /** Wire type. */
    public static final String TYPE = "start";

    @Override
    public String type() {
        return TYPE;
    }

    /** The telephony call behind an agent-stream session. */
    public record Call(
            String provider,
            @JsonProperty("call_id") String callId,
            @JsonProperty("stream_id") String streamId,
            String from,
            String to,
            String direction,
            Map<String, String> custom) {
        /** Copies the custom map so the record stays immutable. */
        public Call {
            custom = custom == null ? Map.of() : Map.copyOf(custom);
        }
    }

    /** The format of binary and JSON audio frames in this session. */
    public record Audio(
            AudioEncoding encoding,
            @JsonProperty("sample_rate") int sampleRate,
            int channels,
            @JsonProperty("frame_ms") int frameMs) {

        /** The default session format: PCM16 LE, 16 kHz, mono, 20 ms. */
        public static final Audio DEFAULT = new Audio(AudioEncoding.PCM16, 16_000, 1, 20);
    }
}
