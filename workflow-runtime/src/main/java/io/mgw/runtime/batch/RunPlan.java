package io.mgw.runtime.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.mgw.adapters.contract.workflow.GraphFormatException;
import io.mgw.adapters.contract.workflow.WorkflowGraph;
import io.mgw.adapters.contract.workflow.WorkflowGraphJson;
import java.util.Objects;

/**
 * One batch run to do: ids for its events, the graph, the settings, which trigger started it and its inputs.
 *
 * @param deploymentId the deployment the run belongs to, or null for a draft run (its cap then counts per workflow)
 * @param triggerType  api, queue, email, event, schedule, webhook or http: the run starts at the matching trigger node
 * @param firstSeq     the seq of the run's first event (1, or after the events of a lost attempt of the same run)
 */
public record RunPlan(String executionId, String organizationId, String workflowId, String deploymentId,
                      String triggerType, WorkflowGraph graph, BatchSettings settings, JsonNode inputs, long firstSeq) {

    public RunPlan {
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(settings, "settings");
        triggerType = triggerType == null || triggerType.isBlank() ? "api" : triggerType;
        if (firstSeq < 1) {
            throw new IllegalArgumentException("firstSeq must be at least 1");
        }
        inputs = inputs == null || inputs.isNull() ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : inputs;
    }

    /** What the per-deployment run cap counts this run under. */
    public String capKey() {
        return deploymentId != null && !deploymentId.isBlank() ? deploymentId : "draft:" + workflowId;
    }

    /**
     * A plan from a definition ({@code nodes}, {@code connections}, {@code settings}).
     *
     * @throws GraphFormatException naming the malformed part of the definition
     */
    public static RunPlan of(String executionId, String organizationId, String workflowId, String deploymentId,
                             String triggerType, JsonNode nodes, JsonNode connections, JsonNode settings,
                             JsonNode inputs, long firstSeq) {
        var root = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        root.set("nodes", nodes);
        root.set("connections", connections);
        WorkflowGraph graph = WorkflowGraphJson.read(root);
        return new RunPlan(executionId, organizationId, workflowId, deploymentId, triggerType, graph,
                BatchSettings.of(settings), inputs, firstSeq);
    }
}
