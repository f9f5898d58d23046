package io.mgw.adapters.provider.exotel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.audio.AudioEncoding;
import io.mgw.adapters.audio.AudioFormat;
import io.mgw.adapters.frame.JsonFields;
import io.mgw.adapters.frame.ProtocolError;
import io.mgw.adapters.provider.CallInfo;
import io.mgw.adapters.provider.CodecOptions;
import io.mgw.adapters.provider.ProviderId;
import io.mgw.adapters.provider.exotel.ExotelMessages.ExotelStartMessage;
import io.mgw.adapters.provider.twiliostyle.TwilioStyleCodec;

/**
 * Exotel Voicebot streams: Twilio-like events, snake_case fields, and audio as base64 raw PCM16
 * little-endian (not mu-law) at 8 kHz unless {@code ?sample-rate=16000|24000} (or the start's
 * {@code media_format.sample_rate}, possibly a string) says otherwise. Outbound chunks are one frame
 * duration, a multiple of 320 bytes at every supported rate.
 */
public final class ExotelCodec extends TwilioStyleCodec {

    /** Registry name. */
    public static final ProviderId ID = new ProviderId("exotel");

    private static final String MISSING_IDS = "Missing stream identifiers";

    /** A codec for one call. */
    public ExotelCodec(CodecOptions options) {
        super(ID, options, true, 0);
    }

    @Override
    protected CallInfo parseStart(ObjectNode message) {
        JsonNode start = startObject(message);
        JsonNode streamHolder = start.has("stream_sid") ? start : message;
        ExotelStartMessage wire = new ExotelStartMessage(
                JsonFields.requiredText(streamHolder, "stream_sid", MISSING_IDS),
                JsonFields.requiredText(start, "call_sid", MISSING_IDS),
                JsonFields.requiredText(start, "account_sid", MISSING_IDS),
                JsonFields.optionalText(start, "from"),
                JsonFields.optionalText(start, "to"),
                JsonFields.stringMap(start, "custom_parameters"),
                mediaFormat(start, "media_format", "sample_rate", defaultFormat()));
        String from = wire.from() != null ? wire.from() : options.queryValue("from");
        String to = wire.to() != null ? wire.to() : options.queryValue("to");
        return new CallInfo(ID, wire.streamSid(), wire.callSid(), wire.accountSid(), from, to, "inbound",
                wire.mediaFormat(), wire.customParameters(), null);
    }

    private AudioFormat defaultFormat() {
        String rate = options.queryValue("sample-rate");
        if (rate == null || rate.isBlank()) {
            return AudioFormat.pcm16(8_000);
        }
        try {
            return AudioFormat.pcm16(Integer.parseInt(rate.trim()));
        } catch (IllegalArgumentException e) {
            throw ProtocolError.of(ProtocolError.Kind.INVALID_VALUE, "Unsupported sample rate").toException();
        }
    }

    @Override
    protected AudioFormat outboundFormat(CallInfo info) {
        return new AudioFormat(AudioEncoding.PCM16, info.media().sampleRate(), 1);
    }

    @Override
    protected Object mediaMessage(String streamId, byte[] audioChunk) {
        return ExotelMessages.ExotelMediaMessage.of(streamId, audioChunk);
    }

    @Override
    protected Object markMessage(String streamId, String name) {
        return ExotelMessages.ExotelMarkMessage.of(streamId, name);
    }

    @Override
    protected Object clearMessage(String streamId) {
        return ExotelMessages.ExotelClearMessage.of(streamId);
    }
}
