package io.mgw.adapters.contract.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.frame.FrameJson;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkflowGraphJsonTest {

    private static final Pattern NODE_ID = Pattern.compile("node-[a-z0-9]{16,24}");
    private static final Pattern CONN_ID = Pattern.compile("conn-[a-z0-9]{16,24}");

    @Test
    void readsTheApiDocumentsWorkflowShape() {
        WorkflowGraph g = WorkflowGraphJson.read("""
                {"name":"Daily ETL","nodes":[
                   {"id":"node_1","nodeId":"postgres-query","label":"Extract Orders","position":{"x":100,"y":200},
                    "config":{"dataSource":"ds_001"}},
                   {"id":"node_2","nodeId":"log","position":{"x":350.5,"y":200}}],
                 "connections":[{"sourceNodeId":"node_1","sourcePort":"output","targetNodeId":"node_2","targetPort":"input"}]}
                """);
        assertEquals(2, g.nodes().size());
        GraphNode first = g.nodes().get(0);
        assertEquals("node_1", first.id());
        assertEquals("postgres-query", first.type());
        assertEquals("Extract Orders", first.label());
        assertEquals(new Position(100, 200), first.position());
        assertEquals("ds_001", first.config().get("dataSource").asText());
        assertTrue(first.inputMappings().isEmpty());
        assertNull(g.nodes().get(1).label());
        GraphConnection c = g.connections().get(0);
        assertEquals("node_1", c.source());
        assertEquals("node_2", c.target());
        assertEquals("output", c.sourcePort());
        assertEquals("input", c.targetPort());
        assertTrue(CONN_ID.matcher(c.id()).matches(), c.id());
    }

    @Test
    void acceptsEveryTypeAndEndpointAlias() {
        WorkflowGraph g = WorkflowGraphJson.read("""
                {"nodes":[{"id":"a","type":"echo"},{"id":"b","nodeType":"play","version":"2.0.0"},
                          {"id":"c","nodeId":"log","type":"log"}],
                 "edges":[{"id":"e1","source":"a","target":"b"},{"source":"b","sourcePort":"output","target":"c"}]}
                """);
        assertEquals(List.of("echo", "play", "log"), g.nodes().stream().map(GraphNode::type).toList());
        assertEquals("2.0.0", g.nodes().get(1).nodeVersion());
        assertEquals("e1", g.connections().get(0).id());
        assertEquals("output", g.connections().get(0).sourcePort());
        assertEquals("input", g.connections().get(0).targetPort());
        assertEquals("c", g.connections().get(1).target());
    }

    @Test
    void missingIdsAreGeneratedWithTheDocumentedShape() {
        WorkflowGraph g = WorkflowGraphJson.read("""
                {"nodes":[{"nodeId":"echo"},{"nodeId":"log"}],"connections":[{"source":"x","target":"y"}]}""");
        String a = g.nodes().get(0).id();
        String b = g.nodes().get(1).id();
        assertTrue(NODE_ID.matcher(a).matches(), a);
        assertTrue(NODE_ID.matcher(b).matches(), b);
        assertNotEquals(a, b);
        assertTrue(CONN_ID.matcher(g.connections().get(0).id()).matches());
        assertTrue(NODE_ID.matcher(GraphIds.newNodeId()).matches());
        assertTrue(CONN_ID.matcher(GraphIds.newConnectionId()).matches());
    }

    @Test
    void absentOrNullArraysMeanAnEmptyGraph() {
        assertEquals(WorkflowGraph.empty(), WorkflowGraphJson.read("{}"));
        assertEquals(WorkflowGraph.empty(), WorkflowGraphJson.read("{\"nodes\":null,\"connections\":null}"));
        assertEquals(WorkflowGraph.empty(), WorkflowGraphJson.read((JsonNode) null));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "nodes not an array          | {\"nodes\":{}}                                                        | nodes",
        "node not an object          | {\"nodes\":[{\"nodeId\":\"echo\"},5]}                                | nodes[1]",
        "node without a type         | {\"nodes\":[{\"nodeId\":\"echo\"},{\"nodeId\":\"log\"},{\"id\":\"n\"}]} | nodes[2].nodeId",
        "type not a string           | {\"nodes\":[{\"type\":7}]}                                           | nodes[0].type",
        "aliases disagree            | {\"nodes\":[{\"nodeId\":\"echo\",\"type\":\"log\"}]}                   | nodes[0].type",
        "config not an object        | {\"nodes\":[{\"nodeId\":\"echo\",\"config\":[1]}]}                    | nodes[0].config",
        "inputMappings not an object | {\"nodes\":[{\"nodeId\":\"echo\",\"inputMappings\":\"x\"}]}            | nodes[0].inputMappings",
        "position not an object      | {\"nodes\":[{\"nodeId\":\"echo\",\"position\":[1,2]}]}                | nodes[0].position",
        "position x not numeric      | {\"nodes\":[{\"nodeId\":\"echo\"},{\"nodeId\":\"log\"},{\"nodeId\":\"log\",\"position\":{\"x\":\"10\",\"y\":1}}]} | nodes[2].position.x",
        "position y missing          | {\"nodes\":[{\"nodeId\":\"echo\",\"position\":{\"x\":1}}]}             | nodes[0].position.y",
        "label not a string          | {\"nodes\":[{\"nodeId\":\"echo\",\"label\":true}]}                    | nodes[0].label",
        "node id with a slash        | {\"nodes\":[{\"id\":\"a/b\",\"nodeId\":\"echo\"}]}                     | nodes[0].id",
        "duplicate node id           | {\"nodes\":[{\"id\":\"a\",\"nodeId\":\"echo\"},{\"id\":\"a\",\"nodeId\":\"log\"}]} | nodes[1].id",
        "connections not an array    | {\"connections\":\"a->b\"}                                          | connections",
        "connection without source   | {\"connections\":[{\"target\":\"b\"}]}                              | connections[0].sourceNodeId",
        "connection without target   | {\"connections\":[{\"sourceNodeId\":\"a\"}]}                        | connections[0].targetNodeId",
        "port blank                  | {\"connections\":[{\"source\":\"a\",\"target\":\"b\",\"targetPort\":\"\"}]} | connections[0].targetPort",
        "edges not an array          | {\"edges\":5}                                                        | edges",
        "root not an object          | [1,2]                                                                | (root)",
        "malformed JSON              | {\"nodes\":[                                                         | (root)",
    })
    void malformedInputNamesTheOffendingPath(String description, String json, String path) {
        GraphFormatException e = assertThrows(GraphFormatException.class, () -> WorkflowGraphJson.read(json));
        assertEquals(path, e.path(), description + ": " + e.getMessage());
        assertTrue(e.getMessage().startsWith(path + ": "), e.getMessage());
    }

    @Test
    void writesTheWorkflowObjectShape() {
        ObjectNode config = FrameJson.mapper().createObjectNode().put("url", "https://example.com");
        GraphNode node = new GraphNode("node_1", "http-request", "Call", "actions", "1.0.0", new Position(100, 200.5),
                config, null, FrameJson.mapper().createObjectNode().put("tenantId", "tenantId"), null);
        GraphConnection c = new GraphConnection("conn_1", "node_1", null, "node_2", "input");
        ObjectNode json = WorkflowGraphJson.write(new WorkflowGraph(List.of(node), List.of(c)));

        JsonNode n = json.get("nodes").get(0);
        assertEquals("node_1", n.get("id").asText());
        assertEquals("http-request", n.get("nodeId").asText());
        assertEquals("http-request", n.get("type").asText());
        assertEquals("Call", n.get("label").asText());
        assertEquals("actions", n.get("category").asText());
        assertEquals("1.0.0", n.get("nodeVersion").asText());
        assertTrue(n.get("position").get("x").isIntegralNumber());
        assertEquals(200.5, n.get("position").get("y").asDouble());
        assertEquals("https://example.com", n.get("config").get("url").asText());
        assertFalse(n.has("inputMappings"));
        assertEquals("tenantId", n.get("passThroughValues").get("tenantId").asText());
        assertTrue(n.get("data").isObject());

        JsonNode w = json.get("connections").get(0);
        assertEquals(List.of("id", "sourceNodeId", "sourcePort", "targetNodeId", "targetPort"), fieldNames(w));
        assertEquals("output", w.get("sourcePort").asText());
    }

    @Test
    void writesTheStreamingEdgeShape() {
        GraphConnection c = new GraphConnection("conn-abc", "node_1", "output", "node_2", "ai");
        ObjectNode streaming = WorkflowGraphJson.writeStreaming(new WorkflowGraph(List.of(), List.of(c)));
        assertFalse(streaming.has("connections"));
        JsonNode edge = streaming.get("edges").get(0);
        assertEquals(List.of("id", "source", "target", "sourcePort", "targetPort"), fieldNames(edge));
        assertEquals("ai", edge.get("targetPort").asText());
        assertEquals(edge, WorkflowGraphJson.writeEdge(c));
    }

    @Test
    void writtenGraphsReadBackEqual() {
        WorkflowGraph original = WorkflowGraphJson.read("""
                {"nodes":[{"id":"a","nodeId":"llm","label":"Brain","category":"ai","nodeVersion":"1.0.0",
                           "position":{"x":100,"y":100},"config":{"model":"m","baseUrl":"http://x"},
                           "inputMappings":{"q":"data.question"},"data":{"note":"n"}},
                          {"id":"b","nodeId":"agent","position":{"x":350,"y":100},"config":{}}],
                 "connections":[{"id":"c1","sourceNodeId":"a","targetNodeId":"b","targetPort":"ai"}]}""");
        assertEquals(original, WorkflowGraphJson.read(WorkflowGraphJson.write(original)));
        assertEquals(original, WorkflowGraphJson.read(WorkflowGraphJson.writeStreaming(original)));
    }

    @Test
    void nodeObjectsAreCopiedSoCallersCannotAliasThem() {
        ObjectNode config = FrameJson.mapper().createObjectNode().put("k", "v");
        GraphNode node = GraphNode.of("log", null, config);
        config.put("k", "changed");
        assertEquals("v", node.config().get("k").asText());
        GraphNode merged = node.withConfigMerged(FrameJson.mapper().createObjectNode().put("level", "warn"));
        assertEquals("v", merged.config().get("k").asText());
        assertEquals("warn", merged.config().get("level").asText());
        assertFalse(node.config().has("level"));
    }

    @Test
    void graphEditsKeepConnectionsConsistent() {
        WorkflowGraph g = WorkflowGraphJson.read("""
                {"nodes":[{"id":"a","nodeId":"echo"},{"id":"b","nodeId":"log"},{"id":"c","nodeId":"log"}],
                 "connections":[{"id":"x","source":"a","target":"b"},{"id":"y","source":"b","target":"c"}]}""");
        WorkflowGraph without = g.withoutNode("b");
        assertEquals(2, without.nodes().size());
        assertTrue(without.connections().isEmpty());
        assertEquals(1, g.inbound("b").size());
        assertEquals(1, g.outbound("b").size());
        WorkflowGraph relabelled = g.withNode(g.node("a").orElseThrow().withLabel("A"));
        assertEquals("A", relabelled.nodes().get(0).label());
        assertEquals(3, relabelled.nodes().size());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
