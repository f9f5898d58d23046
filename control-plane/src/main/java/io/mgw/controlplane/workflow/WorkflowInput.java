package io.mgw.controlplane.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.mgw.adapters.contract.workflow.GraphFormatException;
import io.mgw.adapters.contract.workflow.NodeCatalog;
import io.mgw.adapters.contract.workflow.WorkflowGraph;
import io.mgw.adapters.contract.workflow.WorkflowGraphJson;
import io.mgw.controlplane.error.ApiException;
import jakarta.inject.Singleton;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Validates the fields a workflow is created or updated with; every failure names its field. */
@Singleton
public class WorkflowInput {

    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_DESCRIPTION_LENGTH = 5000;
    static final int MAX_TAGS = 50;
    static final int MAX_TAG_LENGTH = 64;
    static final int MAX_TIMEOUT_SECONDS = 86_400;
    static final int MAX_RETRIES = 10;
    private static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    private final ObjectMapper json;
    private final NodeCatalog catalog;

    public WorkflowInput(ObjectMapper json, NodeCatalog catalog) {
        this.json = json;
        this.catalog = catalog;
    }

    /** A workflow's graph in stored form. */
    public record Graph(ArrayNode nodes, ArrayNode connections) {
    }

    /** A graph format problem as a 400 naming the offending path ({@code nodes[2].position.x}). */
    static ApiException invalid(GraphFormatException e) {
        String field = e.path().startsWith("body.") ? e.path().substring("body.".length()) : e.path();
        return ApiException.invalidField(field, field + " " + e.reason());
    }

    /** The stored graph of a workflow (written by this service, so it parses). */
    public static WorkflowGraph graphOf(Workflow workflow) {
        return new WorkflowGraph(WorkflowGraphJson.readNodes(workflow.nodes(), "nodes"),
                WorkflowGraphJson.readConnections(workflow.connections(), "connections"));
    }

    /** The workflow with {@code graph} as its stored nodes and connections. */
    static Workflow withGraph(Workflow workflow, WorkflowGraph graph, java.time.Instant now) {
        return workflow.withGraph(WorkflowGraphJson.writeNodes(graph.nodes()),
                WorkflowGraphJson.writeConnections(graph.connections()), now);
    }

    String name(@Nullable String name, boolean required) {
        String trimmed = name == null ? "" : name.trim();
        if (trimmed.isEmpty() && required) {
            throw ApiException.invalidField("name", "name is required");
        }
        if (trimmed.length() > MAX_NAME_LENGTH) {
            throw ApiException.invalidField("name", "name must be at most " + MAX_NAME_LENGTH + " characters");
        }
        return trimmed;
    }

    @Nullable
    String description(@Nullable String description) {
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            throw ApiException.invalidField("description",
                    "description must be at most " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        return description;
    }

    String[] tags(@Nullable List<String> tags) {
        if (tags == null) {
            return new String[0];
        }
        if (tags.size() > MAX_TAGS) {
            throw ApiException.invalidField("tags", "tags: at most " + MAX_TAGS + " tags");
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String tag : tags) {
            String trimmed = tag == null ? "" : tag.trim();
            if (trimmed.isEmpty() || trimmed.length() > MAX_TAG_LENGTH) {
                throw ApiException.invalidField("tags", "each of tags must be 1-" + MAX_TAG_LENGTH + " characters");
            }
            unique.add(trimmed);
        }
        return unique.toArray(String[]::new);
    }

    /** {@code settings}: an object whose known keys (timeout, retryOnFailure, maxRetries) have the right types. */
    ObjectNode settings(@Nullable JsonNode settings) {
        ObjectNode object = object(settings, "settings");
        JsonNode timeout = object.get("timeout");
        if (timeout != null && !timeout.isNull()
                && (!timeout.canConvertToInt() || !timeout.isIntegralNumber() || timeout.asInt() < 1
                || timeout.asInt() > MAX_TIMEOUT_SECONDS)) {
            throw ApiException.invalidField("settings.timeout",
                    "settings.timeout must be an integer number of seconds between 1 and " + MAX_TIMEOUT_SECONDS);
        }
        JsonNode retry = object.get("retryOnFailure");
        if (retry != null && !retry.isNull() && !retry.isBoolean()) {
            throw ApiException.invalidField("settings.retryOnFailure", "settings.retryOnFailure must be true or false");
        }
        JsonNode maxRetries = object.get("maxRetries");
        if (maxRetries != null && !maxRetries.isNull() && (!maxRetries.isIntegralNumber() || maxRetries.asInt() < 0
                || maxRetries.asInt() > MAX_RETRIES)) {
            throw ApiException.invalidField("settings.maxRetries",
                    "settings.maxRetries must be an integer between 0 and " + MAX_RETRIES);
        }
        return object;
    }

    /** An optional JSON object field; absent or null is an empty object. */
    ObjectNode object(@Nullable JsonNode value, String field) {
        if (value == null || value.isNull()) {
            return json.createObjectNode();
        }
        if (!value.isObject()) {
            throw ApiException.invalidField(field, field + " must be a JSON object");
        }
        return (ObjectNode) value.deepCopy();
    }

    @Nullable
    String appId(@Nullable String appId) {
        if (appId != null && !APP_ID.matcher(appId).matches()) {
            throw ApiException.invalidField("appId", "appId must be 1-128 letters, digits, '_', '.', ':' or '-'");
        }
        return appId;
    }

    /**
     * Nodes and connections in their normalized stored form: aliases resolved, ids generated, catalog defaults
     * (label, category, version) filled in. Connections to missing nodes are kept: validate reports them.
     */
    Graph graph(@Nullable JsonNode nodes, @Nullable JsonNode connections, String connectionsField) {
        try {
            WorkflowGraph graph = catalog.withDefaults(new WorkflowGraph(WorkflowGraphJson.readNodes(nodes, "nodes"),
                    WorkflowGraphJson.readConnections(connections, connectionsField)));
            return new Graph(WorkflowGraphJson.writeNodes(graph.nodes()),
                    WorkflowGraphJson.writeConnections(graph.connections()));
        } catch (GraphFormatException e) {
            throw invalid(e);
        }
    }
}
