package io.mgw.adapters.provider.twiliostyle;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.Base64;

/**
 * Outbound wire records of Twilio Media Streams framing (camelCase {@code streamSid}), spoken by
 * Twilio and Cloudonix alike.
 */
public final class TwilioStyleMessages {
    private TwilioStyleMessages() {
    }

    /** {@code {"event":"media","streamSid":"MZ…","media":{"payload":"<base64>"}}}. */
    public record MediaMessage(String event, String streamSid, Payload media) {
        /** A media message for one audio chunk. */
        public static MediaMessage of(String streamSid, byte[] audio) {
            return new MediaMessage("media", streamSid, new Payload(audio));
        }

        /**
         * The JSON text the module's mapper writes for this message, written directly: a call sends fifty a second,
         * and the mapper's generator, writer and serializer lookups cost more than the message. Null parts are not
         * written here ({@code null} returned: the mapper decides how they look).
         */
        String toJson() {
            if (event == null || streamSid == null || media == null || media.payload() == null) {
                return null;
            }
            String payload = Base64.getEncoder().encodeToString(media.payload());
            StringBuilder json = new StringBuilder(48 + event.length() + streamSid.length() + payload.length());
            json.append("{\"event\":");
            quoted(json, event);
            json.append(",\"streamSid\":");
            quoted(json, streamSid);
            return json.append(",\"media\":{\"payload\":\"").append(payload).append("\"}}").toString();
        }

        private static void quoted(StringBuilder json, String text) {
            json.append('"');
            JsonStringEncoder.getInstance().quoteAsString(text, json);
            json.append('"');
        }
    }

    /** The media object; {@code payload} is written as base64. */
    public record Payload(byte[] payload) {
    }

    /** {@code {"event":"mark","streamSid":"MZ…","mark":{"name":"utt-12"}}}. */
    public record MarkMessage(String event, String streamSid, Name mark) {
        /** A mark message. */
        public static MarkMessage of(String streamSid, String name) {
            return new MarkMessage("mark", streamSid, new Name(name));
        }
    }

    /** A mark's name object. */
    public record Name(String name) {
    }

    /** {@code {"event":"clear","streamSid":"MZ…"}}. */
    public record ClearMessage(String event, String streamSid) {
        /** A clear message. */
        public static ClearMessage of(String streamSid) {
            return new ClearMessage("clear", streamSid);
        }
    }
}
