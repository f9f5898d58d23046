package io.mgw.controlplane.execution;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.contract.events.RunEventType;
import io.mgw.controlplane.execution.ExecutionRepository.StoredEvent;
import java.time.Instant;
import java.util.List;

/** Response bodies of the execution endpoints (field names as the workflows API spells them). */
public final class ExecutionViews {

    private ExecutionViews() {
    }

    /** execute: 201. */
    public record Executed(String executionId) {
    }

    /** enqueue and email-trigger: 201. */
    public record Started(String executionId, @JsonProperty("trigger_type") String triggerType) {
    }

    /** trigger: 200; {@code error} only when a synchronous run failed (what went wrong, as the pod reported it). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Triggered(String status, @JsonProperty("execution_id") String executionId,
                            @JsonProperty("workflow_id") String workflowId, JsonNode output,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String error) {
    }

    /** events: one workflow run (or attempted). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventRun(String workflowId, String workflowName, String executionId, String error) {
    }

    /** events: 200. */
    public record EventsEmitted(@JsonProperty("event_type") String eventType,
                                @JsonProperty("workflows_triggered") int workflowsTriggered,
                                @JsonProperty("workflows_failed") int workflowsFailed, List<EventRun> results) {
    }

    /** GET /api/v1/executions/{id}: the run and its events in seq order (each the SSE data object plus seq and at). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Run(String id, String workflowId, String deploymentId, String status, String triggerKind,
                      String triggerSource, JsonNode inputs, JsonNode output, String error, Instant createdAt,
                      Instant startedAt, Instant finishedAt, List<ObjectNode> events) {
    }

    /**
     * One stored event as {@code GET /api/v1/executions/{id}} and the flow stream show it: {@code seq}, {@code type},
     * every payload field, {@code at}.
     */
    public static ObjectNode event(StoredEvent event) {
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        item.put("seq", event.seq());
        item.put("type", event.eventType());
        event.payload().fields().forEachRemaining(f -> {
            if (!f.getKey().equals("type")) {
                item.set(f.getKey(), f.getValue());
            }
        });
        item.put("at", event.occurredAt().toString());
        return item;
    }

    /**
     * One stored event as the SSE document's {@code data} object: {@code type} and exactly the document's fields
     * for it (null when the payload lacks one); extra payload fields such as {@code output} stay out.
     */
    public static ObjectNode sseData(StoredEvent event) {
        RunEventType type = RunEventType.fromWire(event.eventType());
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("type", type.wireName());
        for (String field : type.documentedFields()) {
            JsonNode value = event.payload().get(field);
            data.set(field, value == null ? JsonNodeFactory.instance.nullNode() : value);
        }
        return data;
    }
}
