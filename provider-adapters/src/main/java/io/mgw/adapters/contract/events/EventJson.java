package io.mgw.adapters.contract.events;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.mgw.adapters.contract.RedisKeys;
import io.mgw.adapters.frame.FrameJson;
import io.mgw.adapters.frame.ProtocolError;
import io.mgw.adapters.frame.ProtocolErrorException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;

/**
 * The one JSON codec of {@link MgwEvent}, on the module's mapper ({@link FrameJson#mapper()}), and
 * the Redis Stream entry form: one field {@link RedisKeys#EVENT_FIELD} holding the JSON.
 *
 * <p>Reading never throws: see {@link EventReadResult}. Unknown fields are ignored (a newer producer
 * may add some); no scalar coercion ({@code "5"} is not a number). Thread-safe.
 */
public final class EventJson {

    /** Largest accepted entry, in chars (execution results can be big; a gateway's events are tiny). */
    public static final int MAX_EVENT_CHARS = 1024 * 1024;

    private static final ObjectMapper MAPPER = FrameJson.mapper();
    private static final int MAX_SHOWN_TYPE_CHARS = 64;

    private static final Map<String, Class<? extends MgwEvent>> TYPES = Map.of(
            SessionStateEvent.TYPE, SessionStateEvent.class,
            TranscriptEvent.TYPE, TranscriptEvent.class,
            MetricsEvent.TYPE, MetricsEvent.class,
            ErrorEvent.TYPE, ErrorEvent.class,
            HandoffEvent.TYPE, HandoffEvent.class,
            CallClosedEvent.TYPE, CallClosedEvent.class,
            ExecutionEvent.TYPE, ExecutionEvent.class);

    private EventJson() {
    }

    /** The wire {@code type} names this library knows. */
    public static Set<String> knownTypes() {
        return TYPES.keySet();
    }

    /** The JSON text of an event (snake_case, nulls omitted, common fields first). */
    public static String write(MgwEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fields of a stream entry for {@code XADD mgw:events * e <json>}. */
    public static Map<String, String> toStreamEntry(MgwEvent event) {
        return Map.of(RedisKeys.EVENT_FIELD, write(event));
    }

    /** Reads a stream entry's fields (as Lettuce's {@code StreamMessage.getBody()} gives them). */
    public static EventReadResult fromStreamEntry(Map<String, String> fields) {
        String json = fields == null ? null : fields.get(RedisKeys.EVENT_FIELD);
        if (json == null) {
            return new EventReadResult.Err(ProtocolError.missingField(RedisKeys.EVENT_FIELD));
        }
        return read(json);
    }

    /** Reads one event. */
    public static EventReadResult read(String json) {
        if (json == null || json.isBlank()) {
            return err(ProtocolError.of(ProtocolError.Kind.MALFORMED_JSON, "Empty event"));
        }
        if (json.length() > MAX_EVENT_CHARS) {
            return err(ProtocolError.of(ProtocolError.Kind.OVERSIZE, "Event too large"));
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JacksonException e) {
            return err(FrameJson.readError(e));
        } catch (RuntimeException e) {
            return err(ProtocolError.of(ProtocolError.Kind.MALFORMED_JSON, "Malformed JSON"));
        }
        return read(node);
    }

    /** Turns an already-read JSON tree into an event. */
    public static EventReadResult read(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return err(ProtocolError.of(ProtocolError.Kind.MALFORMED_JSON, "Empty event"));
        }
        if (!node.isObject()) {
            return err(ProtocolError.of(ProtocolError.Kind.NOT_AN_OBJECT, "Event must be a JSON object"));
        }
        JsonNode typeNode = node.get("type");
        if (typeNode == null || typeNode.isNull()) {
            return err(ProtocolError.missingField("type"));
        }
        if (!typeNode.isTextual()) {
            return err(ProtocolError.wrongType("type", "a string"));
        }
        String type = typeNode.textValue();
        Class<? extends MgwEvent> eventClass = TYPES.get(type);
        if (eventClass == null) {
            return new EventReadResult.UnknownType(
                    type.length() <= MAX_SHOWN_TYPE_CHARS ? type : type.substring(0, MAX_SHOWN_TYPE_CHARS));
        }
        try {
            return new EventReadResult.Ok(MAPPER.treeToValue(node, eventClass));
        } catch (ProtocolErrorException e) {
            return err(e.error());
        } catch (JacksonException e) {
            return err(bindError(e));
        } catch (RuntimeException e) {
            return err(ProtocolError.of(ProtocolError.Kind.INVALID_VALUE, "Invalid event"));
        }
    }

    private static EventReadResult err(ProtocolError error) {
        return new EventReadResult.Err(error);
    }

    /** Prefers our own typed cause (record checks, instant and enum readers), then Jackson's kind. */
    private static ProtocolError bindError(JacksonException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProtocolErrorException pe) {
                return pe.error();
            }
        }
        if (e instanceof MismatchedInputException mismatch) {
            return ProtocolError.wrongType(FrameJson.fieldPath(mismatch), "of another type");
        }
        if (e instanceof JsonMappingException) {
            return ProtocolError.of(ProtocolError.Kind.INVALID_VALUE, "Invalid event");
        }
        return FrameJson.readError(e);
    }
}
