package io.mgw.runtime.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.contract.workflow.GraphNode;
import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * What a node run gets: the node (its config), its input, the time it may take and a way to report progress
 * ({@code step_progress} with a percentage and a message).
 */
public record NodeCall(GraphNode node, JsonNode input, Duration timeout, BiConsumer<Integer, String> progress) {

    /** The node's config. */
    public ObjectNode config() {
        return node.config();
    }

    /** A required text config field, or a bad-config failure naming it. */
    public String requiredText(String field) {
        JsonNode value = node.config().get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw NodeFailure.badConfig("config." + field + " is required (a non-empty string)");
        }
        return value.asText();
    }

    /** An integer config field with a default, or a bad-config failure when it is not a non-negative integer. */
    public long longConfig(String field, long defaultValue) {
        JsonNode value = node.config().get(field);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 0) {
            throw NodeFailure.badConfig("config." + field + " must be a non-negative integer");
        }
        return value.asLong();
    }
}
