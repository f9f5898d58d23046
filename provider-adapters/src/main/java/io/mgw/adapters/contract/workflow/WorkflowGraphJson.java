package io.mgw.adapters.contract.workflow;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.frame.FrameJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one JSON codec of {@link WorkflowGraph} (workflows-api.txt), on the module's mapper ({@link FrameJson#mapper()}).
 *
 * <p>Reading is lenient about the documented aliases and strict about types: a node's catalog type comes
 * from {@code nodeId}, {@code type} or {@code nodeType} (which must agree when several are given), its
 * version from {@code nodeVersion} or {@code version}; a connection's ends from {@code sourceNodeId}/{@code targetNodeId}
 * or {@code source}/{@code target}; a graph's connections from {@code connections} or (streaming view) {@code edges}.
 * Missing ports default to {@code output}/{@code input}, missing ids are generated ({@link GraphIds}). Anything
 * malformed throws {@link GraphFormatException} naming the JSON path; no Jackson exception escapes.
 *
 * <p>Writing produces the Workflow-object shape ({@link #write(WorkflowGraph)}: {@code nodes} + {@code connections}
 * with {@code sourceNodeId}/{@code targetNodeId}) or the streaming/connect-response shape
 * ({@link #writeStreaming(WorkflowGraph)}: {@code nodes} + {@code edges} with {@code source}/{@code target}).
 * Stateless and thread-safe.
 */
public final class WorkflowGraphJson {

    /** Most nodes a graph may hold. */
    public static final int MAX_NODES = 2_000;
    /** Most connections a graph may hold. */
    public static final int MAX_CONNECTIONS = 10_000;

    private static final ObjectMapper MAPPER = FrameJson.mapper();

    private WorkflowGraphJson() {
    }

    // ---------------------------------------------------------------- reading

    /** Parses a graph document ({@code {"nodes":[...],"connections":[...]}}). */
    public static WorkflowGraph read(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new GraphFormatException("(root)", "malformed JSON: " + e.getOriginalMessage(), e);
        }
        return read(root);
    }

    /**
     * Reads a graph from an object holding {@code nodes} and {@code connections} (or {@code edges}); other
     * fields (name, settings...) are ignored. Absent arrays mean empty; {@code null} means an empty graph.
     */
    public static WorkflowGraph read(JsonNode root) {
        if (root == null || root.isNull() || root.isMissingNode()) {
            return WorkflowGraph.empty();
        }
        if (!root.isObject()) {
            throw new GraphFormatException("(root)", "must be an object");
        }
        List<GraphNode> nodes = readNodes(root.get("nodes"), "nodes");
        String connectionsField = root.hasNonNull("connections") || !root.hasNonNull("edges") ? "connections" : "edges";
        List<GraphConnection> connections = readConnections(root.get(connectionsField), connectionsField);
        return new WorkflowGraph(nodes, connections);
    }

    /** Reads a {@code nodes} array; {@code path} names it in errors. Node ids must be unique. */
    public static List<GraphNode> readNodes(JsonNode array, String path) {
        return readArray(array, path, MAX_NODES, "nodes", WorkflowGraphJson::readNode, GraphNode::id);
    }

    /** An array of objects with unique ids: absent or null is empty; each item read by {@code item}. */
    private static <T> List<T> readArray(JsonNode array, String path, int max, String noun,
                                         java.util.function.BiFunction<JsonNode, String, T> item,
                                         java.util.function.Function<T, String> idOf) {
        if (array == null || array.isNull() || array.isMissingNode()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new GraphFormatException(path, "must be an array");
        }
        if (array.size() > max) {
            throw new GraphFormatException(path, "must hold at most " + max + " " + noun);
        }
        List<T> items = new ArrayList<>(array.size());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            String itemPath = path + "[" + i + "]";
            T read = item.apply(array.get(i), itemPath);
            Integer first = seen.putIfAbsent(idOf.apply(read), i);
            if (first != null) {
                throw new GraphFormatException(itemPath + ".id", "duplicates the id of " + path + "[" + first + "]");
            }
            items.add(read);
        }
        return items;
    }

    /** Reads one node object (also the add-node request body); {@code path} names it in errors. */
    public static GraphNode readNode(JsonNode json, String path) {
        requireObject(json, path);
        String id = optionalId(json, path, GraphIds::newNodeId);
        String type = aliased(json, path, true, "nodeId", "type", "nodeType");
        String label = optionalText(json, path, "label");
        String category = optionalText(json, path, "category");
        String nodeVersion = aliased(json, path, false, "nodeVersion", "version");
        Position position = optionalPosition(json.get("position"), path + ".position");
        return new GraphNode(id, type, label, category, nodeVersion, position,
                optionalObject(json, path, "config"),
                optionalObject(json, path, "inputMappings"),
                optionalObject(json, path, "passThroughValues"),
                optionalObject(json, path, "data"));
    }

    /** Reads a {@code connections} (or {@code edges}) array; connection ids must be unique. */
    public static List<GraphConnection> readConnections(JsonNode array, String path) {
        return readArray(array, path, MAX_CONNECTIONS, "connections", WorkflowGraphJson::readConnection,
                GraphConnection::id);
    }

    /** Reads one connection object (also the connect request body); {@code path} names it in errors. */
    public static GraphConnection readConnection(JsonNode json, String path) {
        requireObject(json, path);
        String id = optionalId(json, path, GraphIds::newConnectionId);
        String source = aliased(json, path, true, "sourceNodeId", "source");
        String target = aliased(json, path, true, "targetNodeId", "target");
        String sourcePort = optionalText(json, path, "sourcePort");
        String targetPort = optionalText(json, path, "targetPort");
        return new GraphConnection(id, source, sourcePort, target, targetPort);
    }

    private static void requireObject(JsonNode json, String path) {
        if (json == null || !json.isObject()) {
            throw new GraphFormatException(path, "must be an object");
        }
    }

    private static String optionalId(JsonNode json, String path, java.util.function.Supplier<String> generator) {
        String id = optionalText(json, path, "id");
        if (id == null) {
            return generator.get();
        }
        if (!GraphIds.ACCEPTED_ID.matcher(id).matches()) {
            throw new GraphFormatException(path + ".id", "must match " + GraphIds.ACCEPTED_ID.pattern());
        }
        return id;
    }

    /** The value of the first present field among {@code names}; all present ones must agree. */
    private static String aliased(JsonNode json, String path, boolean required, String... names) {
        String value = null;
        String from = null;
        for (String name : names) {
            String candidate = optionalText(json, path, name);
            if (candidate == null) {
                continue;
            }
            if (value == null) {
                value = candidate;
                from = name;
            } else if (!value.equals(candidate)) {
                throw new GraphFormatException(path + "." + name, "disagrees with " + path + "." + from);
            }
        }
        if (value == null && required) {
            String aliases = names.length == 1 ? "" : " (or " + String.join(", ", List.of(names).subList(1, names.length)) + ")";
            throw new GraphFormatException(path + "." + names[0], "is required" + aliases);
        }
        return value;
    }

    /** A non-blank string, or {@code null} when absent or JSON null. */
    private static String optionalText(JsonNode json, String path, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new GraphFormatException(path + "." + field, "must be a string");
        }
        String text = value.textValue();
        if (text.isBlank()) {
            throw new GraphFormatException(path + "." + field, "must not be blank");
        }
        return text;
    }

    private static ObjectNode optionalObject(JsonNode json, String path, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new GraphFormatException(path + "." + field, "must be an object");
        }
        return (ObjectNode) value;
    }

    /** Reads a {@code {x, y}} position; {@code null} when absent or JSON null. */
    public static Position optionalPosition(JsonNode json, String path) {
        if (json == null || json.isNull() || json.isMissingNode()) {
            return null;
        }
        if (!json.isObject()) {
            throw new GraphFormatException(path, "must be an object with numeric x and y");
        }
        return new Position(coordinate(json, path, "x"), coordinate(json, path, "y"));
    }

    private static double coordinate(JsonNode position, String path, String axis) {
        JsonNode value = position.get(axis);
        if (value == null || value.isNull()) {
            throw new GraphFormatException(path + "." + axis, "is required");
        }
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            throw new GraphFormatException(path + "." + axis, "must be a number");
        }
        return value.doubleValue();
    }

    // ---------------------------------------------------------------- writing

    /** The Workflow-object shape: {@code {"nodes":[...], "connections":[...]}}. */
    public static ObjectNode write(WorkflowGraph graph) {
        ObjectNode out = MAPPER.createObjectNode();
        out.set("nodes", writeNodes(graph.nodes()));
        out.set("connections", writeConnections(graph.connections()));
        return out;
    }

    /** The streaming view's shape: {@code {"nodes":[...], "edges":[...]}}. */
    public static ObjectNode writeStreaming(WorkflowGraph graph) {
        ObjectNode out = MAPPER.createObjectNode();
        out.set("nodes", writeNodes(graph.nodes()));
        out.set("edges", writeEdges(graph.connections()));
        return out;
    }

    public static ArrayNode writeNodes(List<GraphNode> nodes) {
        ArrayNode out = MAPPER.createArrayNode();
        nodes.forEach(n -> out.add(writeNode(n)));
        return out;
    }

    /**
     * {@code {id, nodeId, type, label, category, nodeVersion, position:{x,y}, config, inputMappings, passThroughValues, data}};
     * {@code nodeId} and {@code type} both carry the catalog id; absent label, category, version and position are
     * omitted, and so are empty input mappings and pass-through values.
     */
    public static ObjectNode writeNode(GraphNode node) {
        ObjectNode out = MAPPER.createObjectNode();
        out.put("id", node.id());
        out.put("nodeId", node.type());
        out.put("type", node.type());
        putIfPresent(out, "label", node.label());
        putIfPresent(out, "category", node.category());
        putIfPresent(out, "nodeVersion", node.nodeVersion());
        if (node.position() != null) {
            out.set("position", writePosition(node.position()));
        }
        out.set("config", node.config().deepCopy());
        if (!node.inputMappings().isEmpty()) {
            out.set("inputMappings", node.inputMappings().deepCopy());
        }
        if (!node.passThroughValues().isEmpty()) {
            out.set("passThroughValues", node.passThroughValues().deepCopy());
        }
        out.set("data", node.data().deepCopy());
        return out;
    }

    /** {@code {x, y}}, integral coordinates written as integers. */
    public static ObjectNode writePosition(Position position) {
        ObjectNode out = MAPPER.createObjectNode();
        putNumber(out, "x", position.x());
        putNumber(out, "y", position.y());
        return out;
    }

    public static ArrayNode writeConnections(List<GraphConnection> connections) {
        ArrayNode out = MAPPER.createArrayNode();
        connections.forEach(c -> out.add(writeConnection(c)));
        return out;
    }

    /** The Workflow-object shape: {@code {id, sourceNodeId, sourcePort, targetNodeId, targetPort}}. */
    public static ObjectNode writeConnection(GraphConnection connection) {
        ObjectNode out = MAPPER.createObjectNode();
        out.put("id", connection.id());
        out.put("sourceNodeId", connection.source());
        out.put("sourcePort", connection.sourcePort());
        out.put("targetNodeId", connection.target());
        out.put("targetPort", connection.targetPort());
        return out;
    }

    public static ArrayNode writeEdges(List<GraphConnection> connections) {
        ArrayNode out = MAPPER.createArrayNode();
        connections.forEach(c -> out.add(writeEdge(c)));
        return out;
    }

    /** The streaming view's edge and the connect response's {@code connection}: {@code {id, source, target, sourcePort, targetPort}}. */
    public static ObjectNode writeEdge(GraphConnection connection) {
        ObjectNode out = MAPPER.createObjectNode();
        out.put("id", connection.id());
        out.put("source", connection.source());
        out.put("target", connection.target());
        out.put("sourcePort", connection.sourcePort());
        out.put("targetPort", connection.targetPort());
        return out;
    }

    private static void putIfPresent(ObjectNode out, String field, String value) {
        if (value != null) {
            out.put(field, value);
        }
    }

    private static void putNumber(ObjectNode out, String field, double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.put(field, (long) value);
        } else {
            out.put(field, value);
        }
    }
}
