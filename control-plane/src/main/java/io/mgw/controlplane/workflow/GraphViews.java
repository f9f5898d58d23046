package io.mgw.controlplane.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** JSON shapes of the graph-editing endpoints. */
public final class GraphViews {

    private GraphViews() {
    }

    /** One node of {@code GET /nodes}. */
    public record NodeSummary(String id, String type, String label, String category, JsonNode position,
                              boolean hasConfig, int inboundConnections, int outboundConnections) {
    }

    /** {@code GET /api/v1/workflows/{id}/nodes}. */
    public record NodeList(String workflowId, int count, List<NodeSummary> nodes) {
    }

    /** A node added or configured. */
    public record NodeChanged(String nodeId, String workflowId, ObjectNode node) {
    }

    /** {@code DELETE /nodes/{sub}}. */
    public record NodeRemoved(boolean removed, String nodeId, int removedConnections, String workflowId) {
    }

    /** {@code PUT /nodes/{sub}/input-mappings}. */
    public record InputMappings(String nodeId, String workflowId, ObjectNode inputMappings) {
    }

    /** {@code PUT /nodes/{sub}/passthrough-values}. */
    public record PassThroughValues(String nodeId, String workflowId, ObjectNode passThroughValues) {
    }

    /** {@code POST /connections}. */
    public record ConnectionCreated(String connectionId, String workflowId, ObjectNode connection) {
    }

    /** {@code DELETE /connections/{sub}}. */
    public record ConnectionRemoved(boolean removed, String connectionId, String workflowId) {
    }
}
