package io.mgw.adapters.contract.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One documented config key of a node type.
 *
 * @param type         JSON type: string, integer, number, boolean, object or array
 * @param description  what the key does
 * @param defaultValue value the runtime uses when the key is absent, or {@code null} when there is none
 */
public record ConfigField(String type, String description, @JsonProperty("default") JsonNode defaultValue) {

    public ConfigField {
        if (defaultValue != null && defaultValue.isNull()) {
            defaultValue = null;
        }
    }
}
