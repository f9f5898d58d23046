package io.mgw.adapters.provider.telnyx;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mgw.adapters.audio.AudioFormat;
import io.mgw.adapters.provider.twiliostyle.TwilioStyleMessages.Name;
import io.mgw.adapters.provider.twiliostyle.TwilioStyleMessages.Payload;
import java.util.Map;

/** Telnyx media-streaming wire records (snake_case; {@code stream_id} at the top level). */
public final class TelnyxMessages {
    private TelnyxMessages() {
    }

    /** The inbound {@code start}: top-level {@code stream_id} plus {@code start.call_control_id} and friends. */
    public record TelnyxStartMessage(
            String streamId,
            String callControlId,
            String callSessionId,
            String from,
            String to,
            String clientState,
            Map<String, String> customParameters,
            AudioFormat mediaFormat) {
    }

    /** {@code {"event":"media","media":{"payload":"<base64>"}}} (no stream id, as Telnyx accepts it). */
    public record TelnyxMediaMessage(String event, Payload media) {
        /** A media message. */
        public static TelnyxMediaMessage of(byte[] audio) {
            return new TelnyxMediaMessage("media", new Payload(audio));
        }
    }

    /** {@code {"event":"mark","mark":{"name":"…"}}}. */
    public record TelnyxMarkMessage(String event, Name mark) {
        /** A mark message. */
        public static TelnyxMarkMessage of(String name) {
            return new TelnyxMarkMessage("mark", new Name(name));
        }
    }

    /** {@code {"event":"clear"}}. */
    public record TelnyxClearMessage(String event) {
        /** The clear message. */
        public static final TelnyxClearMessage INSTANCE = new TelnyxClearMessage("clear");
    }

    /** Body of {@code POST /v2/calls/{id}/actions/send_dtmf}; {@code duration_millis} per digit, optional. */
    public record TelnyxSendDtmfRequest(String digits, @JsonProperty("duration_millis") Integer durationMillis) {
    }

    /** Body of {@code POST /v2/calls/{id}/actions/transfer}. */
    public record TelnyxTransferRequest(String to, @JsonProperty("from") String from) {
    }
}
