package io.mgw.adapters.provider.plivo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.audio.AudioEncoding;
import io.mgw.adapters.audio.AudioFormat;
import io.mgw.adapters.frame.JsonFields;
import io.mgw.adapters.provider.CallInfo;
import io.mgw.adapters.provider.CodecOptions;
import io.mgw.adapters.provider.ProviderId;
import io.mgw.adapters.provider.plivo.PlivoMessages.PlivoStartMessage;
import io.mgw.adapters.provider.twiliostyle.TwilioStyleCodec;
import java.util.HashMap;
import java.util.Map;

/**
 * Plivo audio streams: {@code start} is the first message (no {@code connected}),
 * {@code sequenceNumber} may be numeric; outbound audio is {@code playAudio}, barge-in
 * {@code clearAudio}, marks are {@code checkpoint} / {@code playedStream}. A-law is not offered
 * for playback, so audio back to Plivo is mu-law unless the stream is L16.
 */
public final class PlivoCodec extends TwilioStyleCodec {

    /** Registry name. */
    public static final ProviderId ID = new ProviderId("plivo");

    private static final String MISSING_STREAM_ID = "Missing streamId";
    private static final String MISSING_IDS = "Missing stream identifiers";

    /** A codec for one call. */
    public PlivoCodec(CodecOptions options) {
        super(ID, options, false, 0);
    }

    @Override
    protected CallInfo parseStart(ObjectNode message) {
        JsonNode start = startObject(message);
        JsonNode streamIdHolder = start.has("streamId") ? start : message;
        JsonNode callIdHolder = start.has("callId") ? start : null;
        PlivoStartMessage wire = new PlivoStartMessage(
                JsonFields.requiredText(streamIdHolder, "streamId", MISSING_STREAM_ID),
                callIdHolder != null
                        ? JsonFields.requiredText(start, "callId", MISSING_IDS)
                        : JsonFields.requiredText(start, "callUUID", MISSING_IDS),
                JsonFields.optionalText(start, "accountId"),
                joinedTexts(start, "tracks"),
                mediaFormat(start, "mediaFormat", "sampleRate", AudioFormat.MULAW_8K));
        Map<String, String> attributes = new HashMap<>();
        if (wire.tracks() != null) {
            attributes.put("tracks", wire.tracks());
        }
        return new CallInfo(ID, wire.streamId(), wire.callId(), wire.accountId(),
                options.queryValue("from"), options.queryValue("to"), "inbound",
                wire.mediaFormat(), extraHeaders(message), attributes);
    }

    /** Plivo sends {@code extra_headers} as a JSON object encoded in a string; unreadable content is ignored. */
    private static Map<String, String> extraHeaders(ObjectNode message) {
        JsonNode headers = message.get("extra_headers");
        if (headers == null || !headers.isTextual() || headers.textValue().isBlank()) {
            return Map.of();
        }
        try {
            JsonNode parsed = MAPPER.readTree(headers.textValue());
            return parsed != null && parsed.isObject() ? JsonFields.stringMap(MAPPER.createObjectNode().set("h", parsed), "h")
                    : Map.of();
        } catch (com.fasterxml.jackson.core.JacksonException | RuntimeException e) {
            return Map.of();
        }
    }

    @Override
    protected AudioFormat outboundFormat(CallInfo info) {
        AudioFormat in = info.media();
        if (in.encoding() == AudioEncoding.PCM16 && (in.sampleRate() == 8_000 || in.sampleRate() == 16_000)) {
            return in;
        }
        return AudioFormat.MULAW_8K;
    }

    @Override
    protected InboundEvent classify(String event) {
        return switch (event) {
            case "playedStream" -> InboundEvent.MARK;
            case "clearedAudio" -> InboundEvent.CLEARED;
            default -> super.classify(event);
        };
    }

    @Override
    protected String markName(ObjectNode message) {
        return JsonFields.requiredText(message, "name", "Missing checkpoint name");
    }

    @Override
    protected Object mediaMessage(String streamId, byte[] audioChunk) {
        AudioFormat out = outboundFormat(call().orElseThrow());
        String contentType = out.encoding() == AudioEncoding.PCM16 ? "audio/x-l16" : "audio/x-mulaw";
        return PlivoMessages.PlayAudioMessage.of(streamId, contentType, out.sampleRate(), audioChunk);
    }

    @Override
    protected Object markMessage(String streamId, String name) {
        return PlivoMessages.CheckpointMessage.of(streamId, name);
    }

    @Override
    protected Object clearMessage(String streamId) {
        return PlivoMessages.ClearAudioMessage.of(streamId);
    }
}
