package io.mgw.adapters.contract.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.frame.ProtocolError;
import java.time.Instant;

/**
 * One event of a workflow run (execution): the run event's name and its fields ({@code payload},
 * camelCase as the SSE document has them, without {@code type}), plus {@code seq}, strictly
 * increasing per execution from 1, so a consumer can order, deduplicate and replay.
 * {@code session_id} is absent for runs outside a session; {@code workflow_id} is optional.
 */
public record ExecutionEvent(
        @JsonProperty("event_id") String eventId,
        String org,
        @JsonProperty("session_id") String sessionId,
        @IsoInstant Instant at,
        @JsonProperty("execution_id") String executionId,
        @JsonProperty("workflow_id") String workflowId,
        long seq,
        RunEventType event,
        ObjectNode payload) implements MgwEvent {

    /** Wire type. */
    public static final String TYPE = "execution.event";

    /** Requires the common fields, an execution, a positive seq and an event name; copies the payload. */
    public ExecutionEvent {
        EventChecks.common(eventId, org, sessionId, at, false);
        EventChecks.requireText(executionId, "execution_id");
        if (seq < 1) {
            throw ProtocolError.of(ProtocolError.Kind.INVALID_VALUE,
                    "Field seq must be at least 1").toException();
        }
        EventChecks.requireValue(event, "event");
        payload = payload == null ? JsonNodeFactory.instance.objectNode() : payload.deepCopy();
    }

    /** A copy of the payload (the record's own node must stay unmodified). */
    @Override
    public ObjectNode payload() {
        return payload.deepCopy();
    }

    /** The SSE {@code data} object: {@code {"type": event, ...payload}}, for replaying the run stream. */
    public ObjectNode sseData() {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("type", event.wireName());
        ObjectNode fields = payload.deepCopy();
        fields.remove("type");
        data.setAll(fields);
        return data;
    }

    @Override
    public String type() {
        return TYPE;
    }
}
