package io.mgw.controlplane.workflow.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.contract.workflow.GraphFormatException;
import io.mgw.adapters.contract.workflow.GraphNode;
import io.mgw.adapters.contract.workflow.NodeCatalog;
import io.mgw.adapters.contract.workflow.WorkflowGraph;
import io.mgw.adapters.contract.workflow.WorkflowGraphJson;
import io.mgw.adapters.frame.FrameJson;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The built-in workflow templates, read from {@value #RESOURCE}. Every template is checked when loaded: well-formed
 * fields, a readable graph whose nodes all have positions, and a {@link GraphValidator} report with no errors and no
 * warnings. A template that does not validate is a bug, so loading fails with {@link IllegalStateException}.
 * Catalog defaults (label, category, version) are filled in. Immutable and thread-safe.
 */
public final class WorkflowTemplates {

    /** Classpath location of the templates. */
    public static final String RESOURCE = "/io/mgw/controlplane/workflow/templates.json";

    private static final Pattern ID = Pattern.compile("wf_tmpl_[a-z0-9_]{1,64}");
    private static final Set<String> WORKFLOW_TYPES = Set.of("batch", "streaming");

    private final List<WorkflowTemplate> templates;
    private final Map<String, WorkflowTemplate> byId;

    private WorkflowTemplates(List<WorkflowTemplate> templates) {
        this.templates = List.copyOf(templates);
        Map<String, WorkflowTemplate> map = new LinkedHashMap<>();
        templates.forEach(t -> map.put(t.id(), t));
        this.byId = Map.copyOf(map);
    }

    /** Loads and checks the built-in templates against {@code catalog}. */
    public static WorkflowTemplates load(NodeCatalog catalog) {
        try (InputStream in = WorkflowTemplates.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("workflow templates resource " + RESOURCE + " is missing");
            }
            return read(in, catalog);
        } catch (IOException e) {
            throw new IllegalStateException("workflow templates cannot be read: " + e.getMessage(), e);
        }
    }

    /** Reads and checks a templates document ({@code {"templates":[...]}}); the stream is not closed. */
    public static WorkflowTemplates read(InputStream json, NodeCatalog catalog) {
        JsonNode root;
        try {
            root = FrameJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("workflow templates are not valid JSON: " + e.getMessage(), e);
        }
        JsonNode array = root == null ? null : root.get("templates");
        if (array == null || !array.isArray() || array.isEmpty()) {
            throw new IllegalStateException("workflow templates: \"templates\" must be a non-empty array");
        }
        GraphValidator validator = new GraphValidator(catalog);
        List<WorkflowTemplate> templates = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String path = "templates[" + i + "]";
            try {
                WorkflowTemplate template = readTemplate(array.get(i), path, catalog);
                if (!ids.add(template.id())) {
                    problems.add(path + ".id: duplicate " + template.id());
                }
                ValidationReport report = validator.validate(template.graph(), template.workflowType());
                if (!report.errors().isEmpty() || !report.warnings().isEmpty()) {
                    List<String> issues = new ArrayList<>();
                    report.errors().forEach(e -> issues.add(e.type() + ": " + e.message()));
                    report.warnings().forEach(w -> issues.add(w.type() + ": " + w.message()));
                    problems.add(template.id() + " does not validate: " + String.join("; ", issues));
                }
                templates.add(template);
            } catch (GraphFormatException | IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("workflow templates are invalid: " + String.join(" | ", problems));
        }
        return new WorkflowTemplates(templates);
    }

    private static WorkflowTemplate readTemplate(JsonNode json, String path, NodeCatalog catalog) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException(path + ": must be an object");
        }
        String id = text(json, path, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException(path + ".id: must match " + ID.pattern());
        }
        String workflowType = text(json, path, "workflowType");
        if (!WORKFLOW_TYPES.contains(workflowType)) {
            throw new IllegalArgumentException(path + ".workflowType: must be one of " + WORKFLOW_TYPES);
        }
        JsonNode tagsJson = json.get("tags");
        if (tagsJson == null || !tagsJson.isArray()) {
            throw new IllegalArgumentException(path + ".tags: must be an array of strings");
        }
        List<String> tags = new ArrayList<>();
        tagsJson.forEach(t -> {
            if (!t.isTextual()) {
                throw new IllegalArgumentException(path + ".tags: must be an array of strings");
            }
            tags.add(t.textValue());
        });
        Instant createdAt;
        try {
            createdAt = Instant.parse(text(json, path, "createdAt"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(path + ".createdAt: must be an ISO-8601 instant");
        }
        WorkflowGraph graph;
        try {
            graph = catalog.withDefaults(WorkflowGraphJson.read(json));
        } catch (GraphFormatException e) {
            throw new IllegalArgumentException(path + "." + e.getMessage(), e);
        }
        for (GraphNode node : graph.nodes()) {
            if (node.position() == null) {
                throw new IllegalArgumentException(id + ": node " + node.id() + " has no position");
            }
        }
        return new WorkflowTemplate(id, text(json, path, "name"), text(json, path, "description"), tags,
                workflowType, graph, createdAt);
    }

    private static String text(JsonNode json, String path, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw new IllegalArgumentException(path + "." + field + ": must be a non-blank string");
        }
        return value.textValue();
    }

    /** Every template, in file order. */
    public List<WorkflowTemplate> all() {
        return templates;
    }

    public Optional<WorkflowTemplate> find(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    /** The API shape: {@code {id, name, description, tags, workflowType, nodes, connections, createdAt}}. */
    public static ObjectNode toJson(WorkflowTemplate template) {
        ObjectNode out = FrameJson.mapper().createObjectNode();
        out.put("id", template.id());
        out.put("name", template.name());
        out.put("description", template.description());
        ArrayNode tags = out.putArray("tags");
        template.tags().forEach(tags::add);
        out.put("workflowType", template.workflowType());
        out.set("nodes", WorkflowGraphJson.writeNodes(template.graph().nodes()));
        out.set("connections", WorkflowGraphJson.writeConnections(template.graph().connections()));
        out.put("createdAt", template.createdAt().toString());
        return out;
    }
}
