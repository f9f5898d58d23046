package io.mgw.adapters.contract.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One entry of the node catalog ({@code catalog/nodes.json}).
 *
 * @param id             catalog id, e.g. {@code http-request}; what graph nodes carry as {@code nodeId}/{@code type}
 * @param category       triggers, actions, logic, data, streaming or ai
 * @param version        semver of the node type; graph nodes default their {@code nodeVersion} to it
 * @param name           display name; graph nodes default their label to it
 * @param description    one sentence for the editor
 * @param trigger        whether the node starts runs (no inputs)
 * @param streaming      whether the node may be used in streaming (voice) workflows
 * @param requiredConfig config keys that must be present (non-null, non-blank)
 * @param requiredAnyOf  groups of config keys of which at least one per group must be present
 * @param ports          declared input and output ports
 * @param scopes         scope templates, e.g. {@code datasources:read:{config.dataSource}} or {@code http:call:{host(config.url)}}
 * @param configSchema   every config key the node understands
 */
public record NodeType(
        String id,
        String category,
        String version,
        String name,
        String description,
        boolean trigger,
        boolean streaming,
        List<String> requiredConfig,
        List<List<String>> requiredAnyOf,
        NodePorts ports,
        List<String> scopes,
        Map<String, ConfigField> configSchema) {

    public NodeType {
        requiredConfig = requiredConfig == null ? List.of() : List.copyOf(requiredConfig);
        requiredAnyOf = requiredAnyOf == null ? List.of() : requiredAnyOf.stream().map(List::copyOf).toList();
        ports = ports == null ? new NodePorts(List.of(), List.of()) : ports;
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        configSchema = configSchema == null ? Map.of() : Map.copyOf(configSchema);
    }

    public boolean hasInput(String port) {
        return ports.inputs().contains(port);
    }

    public boolean hasOutput(String port) {
        return ports.outputs().contains(port);
    }

    /**
     * What of the required configuration {@code config} lacks: each missing required key, and for each
     * unsatisfied {@link #requiredAnyOf()} group its keys joined with {@code |}. Empty when complete.
     */
    public List<String> missingConfig(JsonNode config) {
        List<String> missing = new ArrayList<>();
        for (String key : requiredConfig) {
            if (!present(config, key)) {
                missing.add(key);
            }
        }
        for (List<String> group : requiredAnyOf) {
            if (group.stream().noneMatch(key -> present(config, key))) {
                missing.add(String.join("|", group));
            }
        }
        return missing;
    }

    private static boolean present(JsonNode config, String key) {
        if (config == null) {
            return false;
        }
        JsonNode value = config.get(key);
        return value != null && !value.isNull() && !(value.isTextual() && value.asText().isBlank());
    }
}
