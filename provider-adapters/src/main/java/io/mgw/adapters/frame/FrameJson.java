package io.mgw.adapters.frame;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * JSON form of canonical frames, and the module's one configured {@link ObjectMapper}.
 *
 * <p>Parsing never throws: malformed JSON, wrong types, missing fields and unknown types come back
 * as {@link ParseResult.Err} with a {@link ProtocolError}. Unknown fields are ignored (frames.md).
 * The mapper refuses scalar coercion ({@code "17"} is not a number, {@code 5} is not a string), so
 * type errors are reported instead of silently repaired. Thread-safe; holds no mutable state.
 */
public final class FrameJson {

    /** Default upper bound for one JSON frame, in bytes or chars. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 256 * 1024;

    private static final ObjectMapper MAPPER = createMapper();

    private static final Map<String, Class<? extends Frame>> TYPES = Map.ofEntries(
            Map.entry(StartFrame.TYPE, StartFrame.class),
            Map.entry(AudioFrame.TYPE, AudioFrame.class),
            Map.entry(InjectFrame.TYPE, InjectFrame.class),
            Map.entry(DtmfFrame.TYPE, DtmfFrame.class),
            Map.entry(MarkFrame.TYPE, MarkFrame.class),
            Map.entry(ClearFrame.TYPE, ClearFrame.class),
            Map.entry(StopFrame.TYPE, StopFrame.class),
            Map.entry(TranscriptFrame.TYPE, TranscriptFrame.class),
            Map.entry(ToolCallFrame.TYPE, ToolCallFrame.class),
            Map.entry(ToolResultFrame.TYPE, ToolResultFrame.class),
            Map.entry(HandoffFrame.TYPE, HandoffFrame.class),
            Map.entry(MetricsFrame.TYPE, MetricsFrame.class),
            Map.entry(ErrorFrame.TYPE, ErrorFrame.class),
            Map.entry(DispositionFrame.TYPE, DispositionFrame.class),
            Map.entry(HangupFrame.TYPE, HangupFrame.class),
            Map.entry(TransferFrame.TYPE, TransferFrame.class),
            Map.entry(EndFrame.TYPE, EndFrame.class),
            Map.entry(ResumedFrame.TYPE, ResumedFrame.class),
            Map.entry(ResumeGapFrame.TYPE, ResumeGapFrame.class));

    private FrameJson() {
    }

    /**
     * The module's configured mapper (ignores unknown fields, omits nulls, no scalar coercion,
     * bounded string and nesting sizes). Shared by the provider codecs; do not reconfigure it.
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The wire {@code type} names this library knows. */
    public static java.util.Set<String> knownTypes() {
        return TYPES.keySet();
    }

    /** Parses one text frame with the default size limit. */
    public static ParseResult<Frame> parse(String text) {
        return parse(text, DEFAULT_MAX_FRAME_SIZE);
    }

    /** Parses one text frame, refusing text longer than {@code maxChars}. */
    public static ParseResult<Frame> parse(String text, int maxChars) {
        if (text == null) {
            return ParseResult.err(ProtocolError.of(ProtocolError.Kind.MALFORMED_JSON, "Empty frame"));
        }
        if (text.length() > maxChars) {
            return ParseResult.err(ProtocolError.of(ProtocolError.Kind.OVERSIZE, "Frame too large"));
        }
        try {
            return parse(MAPPER.readTree(text));
        } catch (JacksonException e) {
            return ParseResult.err(readError(e));
        } catch (RuntimeException e) {
            return ParseResult.err(ProtocolError.of(ProtocolError.Kind.MALFORMED_JSON, "Malformed JSON"));
        }
    }

    /** Parses one UTF-8 text frame from a byte range with the default size limit. */
    public static ParseResult<Frame> parse(byte[] utf8, int offset, int length) {
        if (length > DEFAULT_MAX_FRAME_SIZE) {
            return ParseResult.err(ProtocolError.of(ProtocolError.Kind.OVERSIZE, "Frame too large"));
        }
        try {
            return parse(MAPPER.readTree(utf8, offset, length));
        } catch (JacksonException e) {
            return ParseResult.err(readError(e));
        } catch (java.io.IOException | RuntimeException e) {
            return ParseResult.err(ProtocolError.of(ProtocolError.Kind.MALFORMED_JSON, "Malformed JSON"));
        }
    }

    /** Turns an already-read JSON tree into a frame. */
    public static ParseResult<Frame> parse(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return ParseResult.err(ProtocolError.of(ProtocolError.Kind.MALFORMED_JSON, "Empty frame"));
        }
        if (!node.isObject()) {
            return ParseResult.err(ProtocolError.of(ProtocolError.Kind.NOT_AN_OBJECT, "Frame must be a JSON object"));
        }
        JsonNode typeNode = node.get("type");
        if (typeNode == null || typeNode.isNull()) {
            return ParseResult.err(ProtocolError.missingField("type"));
        }
        if (!typeNode.isTextual()) {
            return ParseResult.err(ProtocolError.wrongType("type", "a string"));
        }
        Class<? extends Frame> frameClass = TYPES.get(typeNode.textValue());
        if (frameClass == null) {
            return ParseResult.err(new ProtocolError(ProtocolError.Kind.UNKNOWN_TYPE, "Unknown frame type",
                    truncate(typeNode.textValue())));
        }
        try {
            if (frameClass == AudioFrame.class) {
                return ParseResult.ok(new AudioFrame(JsonFields.requiredBase64(node, "data")));
            }
            if (SequencedFrame.class.isAssignableFrom(frameClass)) {
                JsonNode seq = node.get("seq");
                if (seq == null || seq.isNull()) {
                    return ParseResult.err(ProtocolError.missingField("seq"));
                }
                if (!seq.canConvertToExactIntegral() || !seq.isIntegralNumber()) {
                    return ParseResult.err(ProtocolError.wrongType("seq", "an integer"));
                }
            }
            return ParseResult.ok(MAPPER.treeToValue(node, frameClass));
        } catch (ProtocolErrorException e) {
            return ParseResult.err(e.error());
        } catch (JacksonException e) {
            return ParseResult.err(bindError(e));
        } catch (RuntimeException e) {
            return ParseResult.err(ProtocolError.of(ProtocolError.Kind.INVALID_VALUE, "Invalid frame"));
        }
    }

    /** Parses a binary WebSocket frame: always audio in the session's format. */
    public static AudioFrame parseBinary(byte[] data) {
        return new AudioFrame(data);
    }

    /** The binary form of an audio frame (the same array; do not modify it). */
    public static byte[] toBinary(AudioFrame frame) {
        return frame.data();
    }

    /** The JSON text of a frame. */
    public static String write(Frame frame) {
        try {
            return MAPPER.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON of a frame as UTF-8 bytes. */
    public static byte[] writeBytes(Frame frame) {
        try {
            return MAPPER.writeValueAsBytes(frame);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Maps a JSON read failure (syntax or limits) to a protocol error. */
    public static ProtocolError readError(JacksonException e) {
        if (e instanceof StreamConstraintsException) {
            return ProtocolError.of(ProtocolError.Kind.OVERSIZE, "Frame exceeds JSON limits");
        }
        return ProtocolError.of(ProtocolError.Kind.MALFORMED_JSON, "Malformed JSON");
    }

    /** Maps a data-binding failure to a protocol error, preferring our own typed cause. */
    static ProtocolError bindError(JacksonException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProtocolErrorException pe) {
                return pe.error();
            }
        }
        if (e instanceof MismatchedInputException mismatch) {
            return ProtocolError.wrongType(fieldPath(mismatch), "of another type");
        }
        if (e instanceof JsonMappingException) {
            return ProtocolError.of(ProtocolError.Kind.INVALID_VALUE, "Invalid frame");
        }
        return readError(e);
    }

    /** The dotted field path of a mapping error ({@code call.from}), or {@code (root)}. */
    public static String fieldPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            }
        }
        return path.length() == 0 ? "(root)" : path.toString();
    }

    private static String truncate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40);
    }

    private static ObjectMapper createMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(4 * 1024 * 1024)
                .maxNestingDepth(64)
                .maxNumberLength(40)
                .build());
        for (LogicalType textual : new LogicalType[] {LogicalType.Textual}) {
            mapper.coercionConfigFor(textual)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }
}
