package io.mgw.runtime.engine.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

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

    /** A whole number within [min, max]; absent gives {@code fallback}. */
    static long integer(ObjectNode config, String field, long fallback, long min, long max) {
        JsonNode value = config.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
            throw new IllegalArgumentException("config." + field + " must be an integer from " + min + " to " + max);
        }
        return value.asLong();
    }

    /** A string or an array of strings as a list (absent: empty). */
    static List<String> texts(ObjectNode config, String field) {
        JsonNode value = config.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (value.isTextual()) {
            return List.of(value.textValue());
        }
        List<String> texts = new ArrayList<>();
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (!item.isTextual()) {
                    throw new IllegalArgumentException("config." + field + " must be a string or an array of strings");
                }
                texts.add(item.textValue());
            }
            return List.copyOf(texts);
        }
        throw new IllegalArgumentException("config." + field + " must be a string or an array of strings");
    }

    /** A required non-blank string. */
    static String requiredText(ObjectNode config, String field) {
        String value = text(config, field, null);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("config." + field + " is required (a non-empty string)");
        }
        return value;
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
