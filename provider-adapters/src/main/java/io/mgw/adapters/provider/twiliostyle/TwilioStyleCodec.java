package io.mgw.adapters.provider.twiliostyle;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.audio.AudioEncoding;
import io.mgw.adapters.audio.AudioFormat;
import io.mgw.adapters.audio.Resampler;
import io.mgw.adapters.frame.AudioFrame;
import io.mgw.adapters.frame.ClearFrame;
import io.mgw.adapters.frame.DtmfFrame;
import io.mgw.adapters.frame.EndFrame;
import io.mgw.adapters.frame.Frame;
import io.mgw.adapters.frame.FrameJson;
import io.mgw.adapters.frame.JsonFields;
import io.mgw.adapters.frame.MarkFrame;
import io.mgw.adapters.frame.ProtocolError;
import io.mgw.adapters.frame.ProtocolErrorException;
import io.mgw.adapters.frame.StopFrame;
import io.mgw.adapters.provider.CallAudioPath;
import io.mgw.adapters.provider.CallInfo;
import io.mgw.adapters.provider.CodecOptions;
import io.mgw.adapters.provider.DecodeResult;
import io.mgw.adapters.provider.EncodeResult;
import io.mgw.adapters.provider.OutboundMarks;
import io.mgw.adapters.provider.ProviderCodec;
import io.mgw.adapters.provider.ProviderId;
import io.mgw.adapters.provider.ProviderMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The shared codec for providers that speak Twilio Media Streams framing or a close variant
 * (Twilio, Cloudonix, Telnyx, Plivo, Exotel): JSON text messages keyed by {@code event}, audio as
 * base64 in {@code media.payload}, a {@code start} message with the call's identifiers.
 *
 * <p>A subclass supplies the differences: how {@code start} maps to {@link CallInfo}, which events
 * exist, and the shape of outbound media, mark and clear messages. This class owns the per-call
 * state machine (connected, start, streaming, stopped), size limits, the media fast path and the
 * audio conversion.
 *
 * <p>Media fast path: the message is read with Jackson's streaming parser; the payload's base64 is
 * decoded straight into a reusable buffer and converted by table to PCM16, so a media message
 * allocates little beyond the resulting audio frame. Other events are rare and read as trees.
 */
public abstract class TwilioStyleCodec implements ProviderCodec {

    /** What an inbound {@code event} means. */
    protected enum InboundEvent {
        /** Handshake preamble (Twilio {@code connected}). */
        CONNECTED,
        /** Stream start with call information. */
        START,
        /** Audio. */
        MEDIA,
        /** A keypad digit. */
        DTMF,
        /** A mark echo: audio before it has played. */
        MARK,
        /** The provider confirms a clear (outstanding marks count as cleared). */
        CLEARED,
        /** The stream ended. */
        STOP,
        /** Known but nothing to forward. */
        IGNORED,
        /** Not an event of this provider. */
        UNKNOWN
    }

    private enum State { AWAITING_CONNECTED, AWAITING_START, STREAMING, STOPPED }

    /** The module's shared mapper. */
    protected static final ObjectMapper MAPPER = FrameJson.mapper();

    private static final Base64Variant BASE64 =
            Base64Variants.MIME_NO_LINEFEEDS.withReadPadding(Base64Variant.PaddingReadBehaviour.PADDING_ALLOWED);

    private final ProviderId provider;
    /** The call's codec options. */
    protected final CodecOptions options;
    private final int reorderWindow;
    private final PayloadBuffer payload;
    private final OutboundMarks marks = new OutboundMarks();
    private State state;
    private CallInfo call;
    private CallAudioPath audio;
    private MediaReorderBuffer reorder;
    /** The outbound media messages' part before the payload, for the event and stream it was written for. */
    private byte[] mediaPrefix;
    private String mediaPrefixEvent;
    private String mediaPrefixSid;

    // Per-message scratch of the media fast path.
    private boolean payloadSeen;
    private boolean mediaNotObject;
    private boolean decodingBase64;
    private long chunk;
    /** The message's own {@code sequence_number} / {@code sequenceNumber} when reordering, else -1. */
    private long messageSeq;
    /** The {@code start} message's sequence number: media sequence numbers count from it (-1: unknown). */
    private long startSeq = -1;
    private String track;

    /**
     * A codec for one call.
     *
     * @param provider the provider id
     * @param options the call's options
     * @param connectedFirst whether a {@code connected} event must precede {@code start}
     * @param reorderWindow media chunks held to restore order (0 = pass through in arrival order)
     */
    protected TwilioStyleCodec(ProviderId provider, CodecOptions options, boolean connectedFirst, int reorderWindow) {
        this.provider = provider;
        this.options = options;
        this.reorderWindow = reorderWindow;
        this.payload = new PayloadBuffer(options.maxAudioBytes());
        this.state = connectedFirst ? State.AWAITING_CONNECTED : State.AWAITING_START;
    }

    /** Maps a {@code start} message to call information; throws {@link ProtocolErrorException} when refused. */
    protected abstract CallInfo parseStart(ObjectNode message);

    /** Classifies an {@code event} value; by default Twilio's event names. */
    protected InboundEvent classify(String event) {
        return switch (event) {
            case "connected" -> InboundEvent.CONNECTED;
            case "start" -> InboundEvent.START;
            case "media" -> InboundEvent.MEDIA;
            case "dtmf" -> InboundEvent.DTMF;
            case "mark" -> InboundEvent.MARK;
            case "stop" -> InboundEvent.STOP;
            default -> InboundEvent.UNKNOWN;
        };
    }

    /** The outbound media message for one chunk of provider-format audio; by default Twilio's. */
    protected Object mediaMessage(String streamId, byte[] audioChunk) {
        return TwilioStyleMessages.MediaMessage.of(streamId, audioChunk);
    }

    /** The outbound mark message; by default Twilio's. */
    protected Object markMessage(String streamId, String name) {
        return TwilioStyleMessages.MarkMessage.of(streamId, name);
    }

    /** The outbound clear (barge-in) message; by default Twilio's. */
    protected Object clearMessage(String streamId) {
        return TwilioStyleMessages.ClearMessage.of(streamId);
    }

    /** The format of audio sent to the provider; by default the format it announced for its own audio. */
    protected AudioFormat outboundFormat(CallInfo info) {
        return info.media();
    }

    /** The name in a mark echo; by default {@code mark.name}. */
    protected String markName(ObjectNode message) {
        return JsonFields.requiredText(JsonFields.requiredObject(message, "mark", "Missing mark"), "name");
    }

    /** The object holding {@code digit}; by default {@code dtmf}. */
    protected JsonNode dtmfObject(ObjectNode message) {
        return JsonFields.requiredObject(message, "dtmf", "Missing dtmf");
    }

    /** Whether audio on this track comes from the caller (other tracks are ignored). */
    protected boolean isCallerTrack(String mediaTrack) {
        return mediaTrack == null || mediaTrack.startsWith("inbound");
    }

    /** The reason a stop message gives, or {@code null}. */
    protected String stopReason(ObjectNode message) {
        JsonNode stop = message.get("stop");
        if (stop != null && stop.isObject() && stop.path("reason").isTextual()) {
            return stop.get("reason").textValue();
        }
        return null;
    }

    @Override
    public final ProviderId provider() {
        return provider;
    }

    @Override
    public final Optional<CallInfo> call() {
        return Optional.ofNullable(call);
    }

    @Override
    public final Set<String> outstandingMarks() {
        return marks.snapshot();
    }

    @Override
    public DecodeResult decodeText(String message) {
        DecodeResult refused = sizeRefusal(message == null ? 0 : message.length());
        return refused != null ? refused : decodeMessage(() -> MAPPER.createParser(message));
    }

    /** Parses the bytes as they are (Jackson's UTF-8 parser), without making a String of the message first. */
    @Override
    public DecodeResult decodeText(byte[] utf8, int offset, int length) {
        DecodeResult refused = sizeRefusal(length);
        return refused != null ? refused : decodeMessage(() -> MAPPER.createParser(utf8, offset, length));
    }

    /** The refusal of an empty or oversized message, or {@code null} when its size is acceptable. */
    private DecodeResult sizeRefusal(int length) {
        if (length == 0) {
            return DecodeResult.rejected(ProtocolError.of(ProtocolError.Kind.MALFORMED_JSON, "Empty message"));
        }
        if (length > options.maxMessageBytes()) {
            return DecodeResult.rejected(ProtocolError.of(ProtocolError.Kind.OVERSIZE, "Message too large"));
        }
        return null;
    }

    /** Opens a parser over one message. */
    private interface MessageSource {
        JsonParser open() throws IOException;
    }

    private DecodeResult decodeMessage(MessageSource message) {
        decodingBase64 = false;
        try (JsonParser parser = message.open()) {
            return decode(parser);
        } catch (ProtocolErrorException e) {
            return DecodeResult.rejected(e.error());
        } catch (JacksonException e) {
            if (decodingBase64) {
                return DecodeResult.rejected(
                        ProtocolError.of(ProtocolError.Kind.INVALID_BASE64, "Invalid base64 in media payload"));
            }
            return DecodeResult.rejected(FrameJson.readError(e));
        } catch (IOException | RuntimeException e) {
            if (decodingBase64) {
                // Jackson reports some base64 errors as IllegalArgumentException.
                return DecodeResult.rejected(
                        ProtocolError.of(ProtocolError.Kind.INVALID_BASE64, "Invalid base64 in media payload"));
            }
            return DecodeResult.rejected(ProtocolError.of(ProtocolError.Kind.MALFORMED_JSON, "Malformed message"));
        }
    }

    @Override
    public DecodeResult decodeBinary(byte[] data, int offset, int length) {
        return DecodeResult.rejected(ProtocolError.of(ProtocolError.Kind.UNEXPECTED_MESSAGE,
                "Binary frames are not part of the " + provider + " protocol"));
    }

    private DecodeResult decode(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            return DecodeResult.rejected(ProtocolError.of(ProtocolError.Kind.MALFORMED_JSON, "Empty message"));
        }
        if (first != JsonToken.START_OBJECT) {
            return DecodeResult.rejected(ProtocolError.of(ProtocolError.Kind.NOT_AN_OBJECT, "Message must be a JSON object"));
        }
        payloadSeen = false;
        mediaNotObject = false;
        chunk = -1;
        messageSeq = -1;
        track = null;
        String event = null;
        InboundEvent kind = null;
        ObjectNode fields = null;
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("event".equals(name)) {
                if (value != JsonToken.VALUE_STRING) {
                    throw ProtocolError.wrongType("event", "a string").toException();
                }
                event = parser.getText();
                kind = classify(event);
            } else if ("media".equals(name) && value == JsonToken.START_OBJECT) {
                readMedia(parser);
            } else if ("media".equals(name) && value != JsonToken.VALUE_NULL) {
                mediaNotObject = true;
                parser.skipChildren();
            } else if (reorderWindow > 0 && ("sequence_number".equals(name) || "sequenceNumber".equals(name))) {
                messageSeq = digits(parser, value); // only an ordering hint: anything else is no order
            } else if (kind == InboundEvent.MEDIA) {
                // Hot path: a media message needs nothing outside "media"; do not build nodes for it.
                parser.skipChildren();
            } else {
                if (fields == null) {
                    fields = MAPPER.createObjectNode();
                }
                fields.set(name, parser.readValueAsTree());
            }
        }
        if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
            return DecodeResult.rejected(ProtocolError.of(ProtocolError.Kind.MALFORMED_JSON, "Malformed message"));
        }
        if (event == null) {
            return DecodeResult.rejected(ProtocolError.of(ProtocolError.Kind.MISSING_FIELD, "Missing event"));
        }
        return dispatch(kind, fields == null ? MAPPER.createObjectNode() : fields);
    }

    private void readMedia(JsonParser parser) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "payload" -> {
                    if (value != JsonToken.VALUE_STRING) {
                        throw ProtocolError.wrongType("media.payload", "a base64 string").toException();
                    }
                    payload.reset();
                    decodingBase64 = true;
                    parser.readBinaryValue(BASE64, payload);
                    decodingBase64 = false;
                    payloadSeen = true;
                }
                case "chunk" -> chunk = reorderWindow > 0 ? chunkNumber(parser, value) : -1;
                case "track" -> track = value == JsonToken.VALUE_STRING && !startsWithInbound(parser) ? parser.getText() : null;
                default -> parser.skipChildren();
            }
        }
    }

    /** A non-negative integer given as a number or a string of digits, else -1 (any structure is skipped). */
    private static long digits(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT) {
            long number = parser.getLongValue();
            return number >= 0 ? number : -1;
        }
        if (value == JsonToken.VALUE_STRING) {
            char[] chars = parser.getTextCharacters();
            int offset = parser.getTextOffset();
            int length = parser.getTextLength();
            if (length == 0 || length > 18) {
                return -1;
            }
            long number = 0;
            for (int i = offset; i < offset + length; i++) {
                char c = chars[i];
                if (c < '0' || c > '9') {
                    return -1;
                }
                number = number * 10 + (c - '0');
            }
            return number;
        }
        parser.skipChildren();
        return -1;
    }

    private static long chunkNumber(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT) {
            return parser.getLongValue(); // a negative one orders nothing
        }
        long number = digits(parser, value);
        if (number < 0) {
            throw ProtocolError.wrongType("media.chunk", "an integer").toException();
        }
        return number;
    }

    /** Whether the current string value starts with "inbound", read without allocating a String. */
    private static boolean startsWithInbound(JsonParser parser) throws IOException {
        char[] chars = parser.getTextCharacters();
        int offset = parser.getTextOffset();
        String prefix = "inbound";
        if (parser.getTextLength() < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (chars[offset + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private DecodeResult dispatch(InboundEvent event, ObjectNode fields) {
        switch (state) {
            case AWAITING_CONNECTED:
                if (event == InboundEvent.CONNECTED) {
                    state = State.AWAITING_START;
                    return new DecodeResult.Pending();
                }
                return unexpected("Expected connected event");
            case AWAITING_START:
                if (event == InboundEvent.START) {
                    return start(fields);
                }
                if (event == InboundEvent.CONNECTED) {
                    return new DecodeResult.Pending();
                }
                return unexpected("Expected start event");
            case STOPPED:
                return unexpected("Message after stop");
            default:
                break;
        }
        return switch (event) {
            case MEDIA -> media(fields);
            case DTMF -> dtmf(fields);
            case MARK -> {
                String name = markName(fields);
                yield marks.acknowledge(name) ? DecodeResult.of(new MarkFrame(name)) : DecodeResult.none();
            }
            case CLEARED -> new DecodeResult.Frames(marks.drainAsFrames());
            case STOP -> stop(fields);
            case IGNORED -> DecodeResult.none();
            case CONNECTED, START -> unexpected("Duplicate handshake event");
            case UNKNOWN -> DecodeResult.rejected(ProtocolError.of(ProtocolError.Kind.UNKNOWN_EVENT, "Unknown event"));
        };
    }

    private DecodeResult start(ObjectNode fields) {
        CallInfo info = parseStart(fields);
        AudioFormat format = info.media();
        if (format.channels() != 1) {
            throw ProtocolError.of(ProtocolError.Kind.INVALID_VALUE, "Only mono audio is supported").toException();
        }
        AudioFormat outbound = outboundFormat(info);
        if (!Resampler.SUPPORTED_RATES.contains(format.sampleRate())
                || !Resampler.SUPPORTED_RATES.contains(outbound.sampleRate())) {
            throw ProtocolError.of(ProtocolError.Kind.INVALID_VALUE, "Unsupported sample rate").toException();
        }
        call = info;
        audio = new CallAudioPath(format, outbound, options.podFormat(), options.frameMs());
        reorder = reorderWindow > 0 ? new MediaReorderBuffer(reorderWindow) : null;
        startSeq = messageSeq;
        state = State.STREAMING;
        return new DecodeResult.Started(info, List.of());
    }

    private DecodeResult media(ObjectNode fields) {
        if (!payloadSeen) {
            if (mediaNotObject) {
                throw ProtocolError.wrongType("media", "an object").toException();
            }
            throw ProtocolError.of(ProtocolError.Kind.MISSING_FIELD, "Missing media payload").toException();
        }
        if (!isCallerTrack(track)) {
            return DecodeResult.none();
        }
        // The chunk number orders media; without one, the message's sequence number counted from start's.
        long order = chunk >= 0 ? chunk : messageSeq >= 0 && startSeq >= 0 ? messageSeq - startSeq : -1;
        if (reorder == null || order < 0) {
            return DecodeResult.of(audio.toPod(payload.bytes(), 0, payload.size()));
        }
        List<byte[]> ready = reorder.accept(order, Arrays.copyOf(payload.bytes(), payload.size()));
        return new DecodeResult.Frames(toPod(ready));
    }

    private List<Frame> toPod(List<byte[]> payloads) {
        List<Frame> frames = new ArrayList<>(payloads.size() + 1);
        for (byte[] bytes : payloads) {
            frames.add(audio.toPod(bytes, 0, bytes.length));
        }
        return frames;
    }

    private DecodeResult dtmf(ObjectNode fields) {
        JsonNode dtmf = dtmfObject(fields);
        String digit = JsonFields.requiredText(dtmf, "digit", "Missing DTMF digit");
        if (!DtmfFrame.isKeypadDigit(digit)) {
            throw ProtocolError.of(ProtocolError.Kind.INVALID_VALUE, "Invalid DTMF digit").toException();
        }
        long duration = JsonFields.lenientLong(dtmf, "duration", -1);
        return DecodeResult.of(new DtmfFrame(digit, duration < 0 ? null : (int) Math.min(duration, Integer.MAX_VALUE)));
    }

    private DecodeResult stop(ObjectNode fields) {
        List<Frame> frames = reorder == null ? new ArrayList<>(1) : toPod(reorder.drain());
        frames.add(new StopFrame(stopReason(fields)));
        state = State.STOPPED;
        return new DecodeResult.Frames(frames);
    }

    private static DecodeResult unexpected(String reason) {
        return DecodeResult.rejected(ProtocolError.of(ProtocolError.Kind.UNEXPECTED_MESSAGE, reason));
    }

    @Override
    public EncodeResult encode(Frame frame) {
        boolean streamFrame = frame instanceof AudioFrame || frame instanceof MarkFrame
                || frame instanceof ClearFrame || frame instanceof EndFrame;
        if (!streamFrame) {
            return frame instanceof DtmfFrame
                    ? new EncodeResult.Unsupported(provider + " media streams carry no DTMF toward the caller")
                    : new EncodeResult.NotForProvider();
        }
        if (call == null) {
            return new EncodeResult.Unsupported("Stream not started");
        }
        String streamId = call.streamId();
        List<ProviderMessage> out = new ArrayList<>(2);
        if (frame instanceof AudioFrame audioFrame) {
            audio.toProvider(audioFrame.data(), chunkBytes -> out.add(text(mediaMessage(streamId, chunkBytes))));
        } else if (frame instanceof MarkFrame mark) {
            flushTail(streamId, out);
            marks.sent(mark.name());
            out.add(text(markMessage(streamId, mark.name())));
        } else if (frame instanceof ClearFrame) {
            audio.clearOutbound();
            out.add(text(clearMessage(streamId)));
        } else {
            flushTail(streamId, out);
        }
        return EncodeResult.send(out);
    }

    private void flushTail(String streamId, List<ProviderMessage> out) {
        byte[] tail = audio.flush();
        if (tail != null) {
            out.add(text(mediaMessage(streamId, tail)));
        }
    }

    /**
     * Serialises an outbound wire record with the module's mapper (Twilio's media message directly, as the mapper
     * would, its part before the payload written once per stream).
     */
    protected ProviderMessage.Text text(Object wireRecord) {
        if (wireRecord instanceof TwilioStyleMessages.MediaMessage media && media.event() != null
                && media.streamSid() != null) {
            if (!media.streamSid().equals(mediaPrefixSid) || !media.event().equals(mediaPrefixEvent)) {
                mediaPrefix = TwilioStyleMessages.MediaMessage.prefixUtf8(media.event(), media.streamSid());
                mediaPrefixEvent = media.event();
                mediaPrefixSid = media.streamSid();
            }
            byte[] json = media.toJsonUtf8(mediaPrefix);
            if (json != null) {
                return ProviderMessage.Text.ofUtf8(json);
            }
        }
        return ProviderMessage.json(wireRecord);
    }

    /** The {@code start} object of a start message ({@code Missing start metadata} otherwise). */
    protected static JsonNode startObject(ObjectNode message) {
        return JsonFields.requiredObject(message, "start", "Missing start metadata");
    }

    /**
     * Reads a media-format object ({@code encoding}, a rate field and {@code channels}); absent
     * gives {@code fallback}. Encodings are matched loosely: {@code audio/x-mulaw}, {@code PCMU},
     * {@code audio/x-alaw}, {@code PCMA}, {@code audio/x-raw}, {@code audio/x-l16}, {@code L16}.
     */
    protected static AudioFormat mediaFormat(JsonNode start, String formatField, String rateField, AudioFormat fallback) {
        JsonNode format = start.get(formatField);
        if (format == null || format.isNull()) {
            return fallback;
        }
        if (!format.isObject()) {
            throw ProtocolError.wrongType(formatField, "an object").toException();
        }
        String encodingName = JsonFields.optionalText(format, "encoding");
        AudioEncoding encoding = encodingName == null ? fallback.encoding() : encoding(encodingName);
        long rate = JsonFields.lenientLong(format, rateField, fallback.sampleRate());
        long channels = JsonFields.lenientLong(format, "channels", 1);
        if (rate <= 0 || rate > 192_000 || channels <= 0 || channels > 8) {
            throw ProtocolError.of(ProtocolError.Kind.INVALID_VALUE, "Invalid media format").toException();
        }
        return new AudioFormat(encoding, (int) rate, (int) channels);
    }

    /** Maps a provider's encoding name to an encoding; unknown names are refused. */
    protected static AudioEncoding encoding(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        int parameters = lower.indexOf(';');
        if (parameters >= 0) {
            lower = lower.substring(0, parameters).trim();
        }
        return switch (lower) {
            case "audio/x-mulaw", "audio/mulaw", "audio/pcmu", "pcmu", "mulaw", "ulaw" -> AudioEncoding.MULAW;
            case "audio/x-alaw", "audio/alaw", "audio/pcma", "pcma", "alaw" -> AudioEncoding.ALAW;
            case "audio/x-raw", "audio/x-l16", "audio/l16", "l16", "linear16", "pcm16" -> AudioEncoding.PCM16;
            default -> throw ProtocolError.of(ProtocolError.Kind.INVALID_VALUE, "Unsupported media encoding")
                    .toException();
        };
    }

    /** The key must be present (any value) or the start is refused with {@code reason}. */
    protected static void requireKeys(JsonNode node, String reason, String... keys) {
        for (String key : keys) {
            if (!node.has(key)) {
                throw new ProtocolError(ProtocolError.Kind.MISSING_FIELD, reason, key).toException();
            }
        }
    }

    /** Comma-joined text values of an array field, or {@code null}. */
    protected static String joinedTexts(JsonNode node, String field) {
        JsonNode array = node.get(field);
        if (array == null || !array.isArray()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        array.forEach(item -> {
            if (item.isTextual()) {
                values.add(item.textValue());
            }
        });
        return String.join(",", values);
    }
}
