package io.mgw.adapters.provider.twiliostyle;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
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
        private static final JsonStringEncoder JSON_STRINGS = JsonStringEncoder.getInstance();
        private static final byte[] EVENT = ascii("{\"event\":\"");
        private static final byte[] SID = ascii("\",\"streamSid\":\"");
        private static final byte[] PAYLOAD = ascii("\",\"media\":{\"payload\":\"");
        private static final byte[] END = ascii("\"}}");

        /** A media message for one audio chunk. */
        public static MediaMessage of(String streamSid, byte[] audio) {
            return new MediaMessage("media", streamSid, new Payload(audio));
        }

        /**
         * The UTF-8 JSON the module's mapper writes for this message, written directly: a call sends fifty a second,
         * and the mapper's generator, writer and serializer lookups cost more than the message. Null parts are not
         * written here ({@code null} returned: the mapper decides how they look).
         */
        byte[] toJsonUtf8() {
            return event == null || streamSid == null ? null : toJsonUtf8(prefixUtf8(event, streamSid));
        }

        /** As {@link #toJsonUtf8()} with this message's {@link #prefixUtf8} already written (once per stream). */
        byte[] toJsonUtf8(byte[] prefix) {
            if (media == null || media.payload() == null) {
                return null;
            }
            byte[] payload = Base64.getEncoder().encode(media.payload());
            byte[] json = new byte[prefix.length + payload.length + END.length];
            int at = put(json, 0, prefix);
            at = put(json, at, payload);
            put(json, at, END);
            return json;
        }

        /** Everything before the payload's base64, the same for every message of a stream. */
        static byte[] prefixUtf8(String event, String streamSid) {
            byte[] eventJson = JSON_STRINGS.quoteAsUTF8(event);
            byte[] sidJson = JSON_STRINGS.quoteAsUTF8(streamSid);
            byte[] prefix = new byte[EVENT.length + eventJson.length + SID.length + sidJson.length + PAYLOAD.length];
            int at = put(prefix, 0, EVENT);
            at = put(prefix, at, eventJson);
            at = put(prefix, at, SID);
            at = put(prefix, at, sidJson);
            put(prefix, at, PAYLOAD);
            return prefix;
        }

        private static byte[] ascii(String text) {
            return text.getBytes(StandardCharsets.US_ASCII);
        }

        private static int put(byte[] into, int at, byte[] part) {
            System.arraycopy(part, 0, into, at, part.length);
            return at + part.length;
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
