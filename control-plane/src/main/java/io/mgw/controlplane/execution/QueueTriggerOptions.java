package io.mgw.controlplane.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.mgw.adapters.contract.workflow.GraphNode;
import io.mgw.adapters.contract.workflow.WorkflowGraphJson;
import io.mgw.controlplane.workflow.Workflow;

/**
 * A workflow's queue-trigger options (node catalog, {@code queue-trigger}): {@code maxAttempts} deliveries of one
 * message before it is dead-lettered (default 3) and {@code concurrency} messages of the workflow in progress at once
 * (default 1). Values out of range take the nearest bound.
 */
record QueueTriggerOptions(int maxAttempts, int concurrency) {

    static final String NODE_TYPE = "queue-trigger";
    static final int MAX_ATTEMPTS = 100;
    static final int MAX_CONCURRENCY = 1000;

    static QueueTriggerOptions of(Workflow workflow) {
        for (GraphNode node : WorkflowGraphJson.readNodes(workflow.nodes(), "nodes")) {
            if (NODE_TYPE.equals(node.type())) {
                return new QueueTriggerOptions(bounded(node.config().get("maxAttempts"), 3, MAX_ATTEMPTS),
                        bounded(node.config().get("concurrency"), 1, MAX_CONCURRENCY));
            }
        }
        return new QueueTriggerOptions(3, 1);
    }

    private static int bounded(JsonNode value, int fallback, int max) {
        if (value == null || !value.isIntegralNumber()) {
            return fallback;
        }
        return (int) Math.max(1, Math.min(max, value.asLong()));
    }
}
