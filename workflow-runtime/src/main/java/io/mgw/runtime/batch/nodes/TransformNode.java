package io.mgw.runtime.batch.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.runtime.batch.BatchNode;
import io.mgw.runtime.batch.NodeCall;
import io.mgw.runtime.batch.NodeFailure;
import io.mgw.runtime.batch.NodeResult;
import io.mgw.runtime.batch.PathExpression;
import java.util.Iterator;
import java.util.Map;

/**
 * {@code transform}: each key of {@code config.mappings} (or the node's {@code inputMappings}) takes the value of its
 * path expression over the input ({@code data.user.id}); a path that leads nowhere gives null. With
 * {@code keepInput} the keys are merged into the input.
 */
public final class TransformNode implements BatchNode {

    @Override
    public NodeResult run(NodeCall call) {
        JsonNode mappings = call.config().get("mappings");
        if ((mappings == null || mappings.isNull()) && !call.node().inputMappings().isEmpty()) {
            mappings = call.node().inputMappings();
        }
        if (mappings == null || !mappings.isObject() || mappings.isEmpty()) {
            throw NodeFailure.badConfig("config.mappings is required: an object of output key -> expression such as data.user.id");
        }
        boolean keepInput = call.config().path("keepInput").asBoolean(false);
        ObjectNode output = keepInput && call.input().isObject()
                ? ((ObjectNode) call.input()).deepCopy() : JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = mappings.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> mapping = it.next();
            if (!mapping.getValue().isTextual()) {
                throw NodeFailure.badConfig("config.mappings." + mapping.getKey() + " must be an expression string");
            }
            PathExpression path;
            try {
                path = PathExpression.parse(mapping.getValue().asText());
            } catch (IllegalArgumentException e) {
                throw NodeFailure.badConfig("config.mappings." + mapping.getKey() + ": " + e.getMessage());
            }
            JsonNode value = path.resolve(call.input());
            output.set(mapping.getKey(), value.isMissingNode() ? NullNode.getInstance() : value.deepCopy());
        }
        return NodeResult.of(output);
    }
}
