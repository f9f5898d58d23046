package io.mgw.runtime.engine.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Typed reads of a node's config with the catalog's defaults; a value of the wrong type is a config error. */
final class NodeConfig {

    private NodeConfig() {
    }

    static boolean bool(ObjectNode config, String field, boolean fallback) {
        JsonNode value = config.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new IllegalArgumentException("config." + field + " must be a boolean");
        }
        return value.booleanValue();
    }

    static String text(ObjectNode config, String field, String fallback) {
        JsonNode value = config.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("config." + field + " must be a string");
        }
        return value.textValue();
    }

    static double number(ObjectNode config, String field, double fallback) {
        JsonNode value = config.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw new IllegalArgumentException("config." + field + " must be a number");
        }
        return value.doubleValue();
    }
}
