package io.mgw.runtime.batch.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.runtime.batch.BatchNode;
import io.mgw.runtime.batch.NodeCall;
import io.mgw.runtime.batch.NodeFailure;
import io.mgw.runtime.batch.NodeResult;

/** {@code set}: sets the literal {@code config.values} on (a copy of) the input object and passes it on. */
public final class SetNode implements BatchNode {

    @Override
    public NodeResult run(NodeCall call) {
        JsonNode values = call.config().get("values");
        if (values == null || !values.isObject()) {
            throw NodeFailure.badConfig("config.values is required: an object of key -> literal JSON value");
        }
        ObjectNode output = call.input().isObject() ? ((ObjectNode) call.input()).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        output.setAll(((ObjectNode) values).deepCopy());
        return NodeResult.of(output);
    }
}
