package io.mgw.controlplane.execution;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    /** trigger: 200. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Triggered(String status, @JsonProperty("execution_id") String executionId,
                            @JsonProperty("workflow_id") String workflowId, JsonNode output) {
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
}
