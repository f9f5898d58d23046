package io.mgw.adapters.provider.exotel;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mgw.adapters.audio.AudioFormat;
import io.mgw.adapters.provider.twiliostyle.TwilioStyleMessages.Name;
import io.mgw.adapters.provider.twiliostyle.TwilioStyleMessages.Payload;
import java.util.Map;

/** Exotel Voicebot wire records: Twilio-like events with snake_case fields ({@code stream_sid}). */
public final class ExotelMessages {
    private ExotelMessages() {
    }

    /** The inbound {@code start}: {@code stream_sid}, {@code call_sid}, {@code account_sid}, numbers, format. */
    public record ExotelStartMessage(String streamSid, String callSid, String accountSid, String from, String to,
            Map<String, String> customParameters, AudioFormat mediaFormat) {
    }

    /** {@code {"event":"media","stream_sid":"…","media":{"payload":"<base64 PCM16>"}}}. */
    public record ExotelMediaMessage(String event, @JsonProperty("stream_sid") String streamSid, Payload media) {
        /** A media message. */
        public static ExotelMediaMessage of(String streamSid, byte[] audio) {
            return new ExotelMediaMessage("media", streamSid, new Payload(audio));
        }
    }

    /** {@code {"event":"mark","stream_sid":"…","mark":{"name":"…"}}}. */
    public record ExotelMarkMessage(String event, @JsonProperty("stream_sid") String streamSid, Name mark) {
        /** A mark message. */
        public static ExotelMarkMessage of(String streamSid, String name) {
            return new ExotelMarkMessage("mark", streamSid, new Name(name));
        }
    }

    /** {@code {"event":"clear","stream_sid":"…"}}. */
    public record ExotelClearMessage(String event, @JsonProperty("stream_sid") String streamSid) {
        /** A clear message. */
        public static ExotelClearMessage of(String streamSid) {
            return new ExotelClearMessage("clear", streamSid);
        }
    }
}
