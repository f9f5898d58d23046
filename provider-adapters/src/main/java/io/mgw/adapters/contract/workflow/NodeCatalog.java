package io.mgw.adapters.contract.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgw.adapters.frame.FrameJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The node catalog: every node type a workflow may use, read from the classpath resource
 * {@value #RESOURCE}, the one source of truth for control-plane and runtime. The file is checked
 * when loaded (unique ids, known categories, semver, trigger/port rules, required keys and scope
 * templates documented in {@code configSchema}); a bad catalog fails fast with {@link IllegalStateException}.
 * Immutable and thread-safe.
 */
public final class NodeCatalog {

    /** Classpath location of the catalog. */
    public static final String RESOURCE = "/io/mgw/adapters/contract/catalog/nodes.json";

    /** The categories a node type may have. */
    public static final Set<String> CATEGORIES = Set.of("triggers", "sources", "actions", "logic", "data", "streaming", "ai");

    private static final Set<String> CONFIG_TYPES = Set.of("string", "integer", "number", "boolean", "object", "array");
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    private static final Pattern SEMVER = Pattern.compile("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");

    private final Map<String, NodeType> byId;
    private final List<NodeType> ordered;

    private NodeCatalog(List<NodeType> ordered) {
        this.ordered = List.copyOf(ordered);
        Map<String, NodeType> map = new LinkedHashMap<>();
        ordered.forEach(t -> map.put(t.id(), t));
        this.byId = Map.copyOf(map);
    }

    /** The built-in catalog, loaded from {@value #RESOURCE} on first use. */
    public static NodeCatalog builtIn() {
        return BuiltIn.CATALOG;
    }

    /** Reads and checks a catalog document ({@code {"nodes":[...]}}); the stream is not closed. */
    public static NodeCatalog read(InputStream json) {
        CatalogDocument doc;
        try {
            ObjectMapper mapper = FrameJson.mapper();
            doc = mapper.readValue(json, CatalogDocument.class);
        } catch (IOException e) {
            throw new IllegalStateException("node catalog cannot be read: " + e.getMessage(), e);
        }
        if (doc == null || doc.nodes() == null || doc.nodes().isEmpty()) {
            throw new IllegalStateException("node catalog has no nodes");
        }
        Map<String, NodeType> byId = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (NodeType type : doc.nodes()) {
            check(type, problems);
            if (type.id() != null && byId.putIfAbsent(type.id(), type) != null) {
                problems.add(type.id() + ": duplicate id");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("node catalog is invalid: " + String.join("; ", problems));
        }
        return new NodeCatalog(new ArrayList<>(byId.values()));
    }

    public Optional<NodeType> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    /** Every node type, in catalog file order. */
    public List<NodeType> all() {
        return ordered;
    }

    /** True when {@code id} is a known trigger node type. */
    public boolean isTrigger(String id) {
        return find(id).map(NodeType::trigger).orElse(false);
    }

    /** The node with {@code category}, {@code nodeVersion} and {@code label} filled from its type where absent. */
    public GraphNode withDefaults(GraphNode node) {
        Optional<NodeType> type = find(node.type());
        if (type.isEmpty()) {
            return node;
        }
        NodeType t = type.get();
        return new GraphNode(node.id(), node.type(),
                blank(node.label()) ? t.name() : node.label(),
                blank(node.category()) ? t.category() : node.category(),
                blank(node.nodeVersion()) ? t.version() : node.nodeVersion(),
                node.position(), node.config(), node.inputMappings(), node.passThroughValues(), node.data());
    }

    /** {@link #withDefaults(GraphNode)} applied to every node; connections unchanged. */
    public WorkflowGraph withDefaults(WorkflowGraph graph) {
        return new WorkflowGraph(graph.nodes().stream().map(this::withDefaults).toList(), graph.connections());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static void check(NodeType t, List<String> problems) {
        String id = t.id() == null ? "(node without id)" : t.id();
        if (t.id() == null || !ID.matcher(t.id()).matches()) {
            problems.add(id + ": id must match " + ID.pattern());
        }
        if (!CATEGORIES.contains(t.category())) {
            problems.add(id + ": unknown category " + t.category());
        }
        if (t.version() == null || !SEMVER.matcher(t.version()).matches()) {
            problems.add(id + ": version is not semver: " + t.version());
        }
        if (blank(t.name()) || blank(t.description())) {
            problems.add(id + ": name and description are required");
        }
        NodePorts ports = t.ports();
        if (t.trigger() && !ports.inputs().isEmpty()) {
            problems.add(id + ": a trigger has no inputs");
        }
        if (!t.trigger() && ports.inputs().isEmpty()) {
            problems.add(id + ": a non-trigger node needs at least one input");
        }
        if (ports.outputs().isEmpty()) {
            problems.add(id + ": needs at least one output");
        }
        if (new HashSet<>(ports.inputs()).size() != ports.inputs().size()
                || new HashSet<>(ports.outputs()).size() != ports.outputs().size()) {
            problems.add(id + ": duplicate port names");
        }
        Set<String> documented = t.configSchema().keySet();
        List<String> required = new ArrayList<>(t.requiredConfig());
        t.requiredAnyOf().forEach(required::addAll);
        for (String key : required) {
            if (!documented.contains(key)) {
                problems.add(id + ": required config key " + key + " is not in configSchema");
            }
        }
        t.configSchema().forEach((key, field) -> {
            if (field == null || !CONFIG_TYPES.contains(field.type()) || blank(field.description())) {
                problems.add(id + ": configSchema." + key + " needs a type (" + CONFIG_TYPES + ") and a description");
            }
        });
        for (String scope : t.scopes()) {
            try {
                for (String key : ScopeTemplate.parse(scope).referencedKeys()) {
                    if (!documented.contains(key)) {
                        problems.add(id + ": scope " + scope + " reads config." + key + ", which is not in configSchema");
                    }
                }
            } catch (IllegalArgumentException e) {
                problems.add(id + ": " + e.getMessage());
            }
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record CatalogDocument(Integer catalogVersion, List<NodeType> nodes) {
    }

    private static final class BuiltIn {
        static final NodeCatalog CATALOG = load();

        private static NodeCatalog load() {
            try (InputStream in = NodeCatalog.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("node catalog resource " + RESOURCE + " is missing");
                }
                return read(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
