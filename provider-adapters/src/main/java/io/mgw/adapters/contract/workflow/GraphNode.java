package io.mgw.adapters.contract.workflow;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A node of a workflow graph. {@code type} is the catalog id (the API's {@code nodeId}); {@code id} is the
 * node's own id within the workflow. The JSON object fields are copied on construction and never
 * {@code null} (empty objects instead); treat them as read-only and use the {@code with...} methods.
 *
 * @param label       display label, or {@code null} (then the catalog name is shown; see {@link NodeCatalog#withDefaults(GraphNode)})
 * @param category    catalog category, or {@code null} until resolved
 * @param nodeVersion pinned node version, or {@code null} until resolved
 * @param position    canvas position, or {@code null} when not placed yet
 */
public record GraphNode(
        String id,
        String type,
        String label,
        String category,
        String nodeVersion,
        Position position,
        ObjectNode config,
        ObjectNode inputMappings,
        ObjectNode passThroughValues,
        ObjectNode data) {

    public GraphNode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        config = copy(config);
        inputMappings = copy(inputMappings);
        passThroughValues = copy(passThroughValues);
        data = copy(data);
    }

    /** A node with a fresh {@code node-} id, no position and empty objects. */
    public static GraphNode of(String type, String label, ObjectNode config) {
        return new GraphNode(GraphIds.newNodeId(), type, label, null, null, null, config, null, null, null);
    }

    /** The label, or the node id when there is none (for messages). */
    public String displayName() {
        return label == null || label.isBlank() ? id : label;
    }

    public GraphNode withPosition(Position newPosition) {
        return new GraphNode(id, type, label, category, nodeVersion, newPosition, config, inputMappings, passThroughValues, data);
    }

    public GraphNode withLabel(String newLabel) {
        return new GraphNode(id, type, newLabel, category, nodeVersion, position, config, inputMappings, passThroughValues, data);
    }

    public GraphNode withConfig(ObjectNode newConfig) {
        return new GraphNode(id, type, label, category, nodeVersion, position, newConfig, inputMappings, passThroughValues, data);
    }

    /** This node with {@code patch}'s top-level keys set on a copy of its config (the API's "configure node" merge). */
    public GraphNode withConfigMerged(ObjectNode patch) {
        ObjectNode merged = config.deepCopy();
        if (patch != null) {
            merged.setAll(patch.deepCopy());
        }
        return withConfig(merged);
    }

    public GraphNode withInputMappings(ObjectNode mappings) {
        return new GraphNode(id, type, label, category, nodeVersion, position, config, mappings, passThroughValues, data);
    }

    public GraphNode withPassThroughValues(ObjectNode values) {
        return new GraphNode(id, type, label, category, nodeVersion, position, config, inputMappings, values, data);
    }

    private static ObjectNode copy(ObjectNode node) {
        return node == null ? JsonNodeFactory.instance.objectNode() : node.deepCopy();
    }
}
