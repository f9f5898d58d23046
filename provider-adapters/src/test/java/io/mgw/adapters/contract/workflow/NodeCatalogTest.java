package io.mgw.adapters.contract.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.frame.FrameJson;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeCatalogTest {

    private static final List<String> TRIGGERS = List.of(
            "api-trigger", "webhook-trigger", "http-trigger", "queue-trigger", "email-trigger", "event-trigger", "schedule-trigger");
    private static final List<String> WORK = List.of(
            "http-request", "transform", "condition", "delay", "set", "log", "postgres-query", "mysql-source");
    private static final List<String> STREAMING = List.of(
            "echo", "play", "dtmf-menu", "vad", "say-text", "agent", "handoff", "disposition", "transfer-call", "hang-up",
            "webhook", "llm");

    private final NodeCatalog catalog = NodeCatalog.builtIn();

    @Test
    void builtInCatalogIsLoadedOnce() {
        assertSame(catalog, NodeCatalog.builtIn());
    }

    @Test
    void catalogHoldsExactlyTheDocumentedNodeIds() {
        Set<String> ids = catalog.all().stream().map(NodeType::id).collect(Collectors.toSet());
        Set<String> expected = new java.util.HashSet<>(TRIGGERS);
        expected.addAll(WORK);
        expected.addAll(STREAMING);
        assertEquals(expected, ids);
        assertEquals(expected.size(), catalog.all().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"api-trigger", "webhook-trigger", "http-trigger", "queue-trigger", "email-trigger",
            "event-trigger", "schedule-trigger"})
    void everyTriggerExistsIsATriggerAndHasOnlyOutputs(String id) {
        NodeType type = catalog.find(id).orElseThrow();
        assertTrue(catalog.isTrigger(id));
        assertTrue(type.trigger());
        assertEquals("triggers", type.category());
        assertTrue(type.ports().inputs().isEmpty());
        assertFalse(type.ports().outputs().isEmpty());
        assertFalse(type.streaming(), "streaming workflows have no triggers");
    }

    @Test
    void workAndStreamingNodesAreNotTriggersAndHaveInputsAndOutputs() {
        for (String id : concat(WORK, STREAMING)) {
            NodeType type = catalog.find(id).orElseThrow(() -> new AssertionError(id));
            assertFalse(catalog.isTrigger(id), id);
            assertFalse(type.ports().inputs().isEmpty(), id + " inputs");
            assertFalse(type.ports().outputs().isEmpty(), id + " outputs");
        }
        for (String id : STREAMING) {
            assertTrue(catalog.find(id).orElseThrow().streaming(), id + " is usable in streaming workflows");
        }
    }

    @Test
    void unknownIdsAreAbsentAndNotTriggers() {
        assertTrue(catalog.find("oracle-source").isEmpty());
        assertTrue(catalog.find(null).isEmpty());
        assertFalse(catalog.isTrigger("oracle-source"));
        assertFalse(catalog.isTrigger("mysql-source"));
    }

    @Test
    void portsFollowTheDocumentedShapes() {
        assertEquals(List.of("input", "ai", "tools"), catalog.find("agent").orElseThrow().ports().inputs());
        assertEquals(List.of("true", "false"), catalog.find("condition").orElseThrow().ports().outputs());
        List<String> menu = catalog.find("dtmf-menu").orElseThrow().ports().outputs();
        assertTrue(menu.containsAll(List.of("0", "1", "9", "*", "#", "default")), menu.toString());
        assertTrue(catalog.find("http-request").orElseThrow().hasOutput("error"));
    }

    @Test
    void requiredConfigAndScopeTemplatesAreDocumented() {
        assertEquals(List.of("url"), catalog.find("http-request").orElseThrow().requiredConfig());
        assertEquals(List.of("dataSource", "query"), catalog.find("postgres-query").orElseThrow().requiredConfig());
        assertEquals(List.of("baseUrl", "model"), catalog.find("llm").orElseThrow().requiredConfig());
        assertEquals(List.of("datasources:read:{config.dataSource}"), catalog.find("postgres-query").orElseThrow().scopes());
        assertEquals(List.of("models:invoke:{config.model}"), catalog.find("llm").orElseThrow().scopes());
        assertEquals(List.of("http:call:{host(config.url)}"), catalog.find("webhook").orElseThrow().scopes());
        for (NodeType type : catalog.all()) {
            assertTrue(type.configSchema().keySet().containsAll(type.requiredConfig()), type.id());
            assertTrue(type.version().matches("\\d+\\.\\d+\\.\\d+"), type.id());
        }
        assertEquals("GET", catalog.find("http-request").orElseThrow().configSchema().get("method").defaultValue().asText());
    }

    @Test
    void httpTriggerDeclaresHowTheFlowStreamDeserializesTheBody() {
        ConfigField bodyFormat = catalog.find("http-trigger").orElseThrow().configSchema().get("bodyFormat");
        assertEquals("string", bodyFormat.type());
        assertEquals("json", bodyFormat.defaultValue().asText());
        for (String format : List.of("json", "text", "binary")) {
            assertTrue(bodyFormat.description().contains(format), format);
        }
    }

    @Test
    void missingConfigListsRequiredKeysAndUnsatisfiedAnyOfGroups() {
        ObjectNode config = JsonNodeFactory.instance.objectNode().put("dataSource", "ds_1").put("query", "  ");
        assertEquals(List.of("query"), catalog.find("postgres-query").orElseThrow().missingConfig(config));
        NodeType play = catalog.find("play").orElseThrow();
        assertEquals(List.of("asset|tone|silenceMs"), play.missingConfig(JsonNodeFactory.instance.objectNode()));
        assertEquals(List.of(), play.missingConfig(JsonNodeFactory.instance.objectNode().put("tone", 440)));
    }

    @Test
    void withDefaultsFillsLabelCategoryAndVersionFromTheCatalog() {
        GraphNode node = catalog.withDefaults(GraphNode.of("http-request", null, null));
        assertEquals("HTTP Request", node.label());
        assertEquals("actions", node.category());
        assertEquals("1.0.0", node.nodeVersion());
        GraphNode pinned = new GraphNode("n1", "llm", "Brain", null, "0.9.0", null, null, null, null, null);
        assertEquals("Brain", catalog.withDefaults(pinned).label());
        assertEquals("0.9.0", catalog.withDefaults(pinned).nodeVersion());
    }

    @Test
    void invalidCatalogFailsFastNamingEveryProblem() {
        String json = """
                {"nodes":[
                  {"id":"a","category":"triggers","version":"1.0","name":"A","description":"d","trigger":true,
                   "ports":{"inputs":["input"],"outputs":["output"]},"requiredConfig":["k"],"configSchema":{}},
                  {"id":"b","category":"weird","version":"1.0.0","name":"B","description":"d","trigger":false,
                   "ports":{"inputs":[],"outputs":["output"]},"scopes":["x:{config.missing}"],"configSchema":{}},
                  {"id":"b","category":"data","version":"1.0.0","name":"B","description":"d",
                   "ports":{"inputs":["input"],"outputs":["output"]}}
                ]}""";
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> NodeCatalog.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
        String message = e.getMessage();
        for (String expected : List.of("a: version is not semver", "a: a trigger has no inputs",
                "required config key k", "b: unknown category weird", "b: a non-trigger node needs at least one input",
                "config.missing", "b: duplicate id")) {
            assertTrue(message.contains(expected), expected + " in " + message);
        }
    }

    @Test
    void catalogRoundTripsThroughTheModuleMapper() throws Exception {
        NodeType type = catalog.find("play").orElseThrow();
        String json = FrameJson.mapper().writeValueAsString(type);
        assertEquals(type, FrameJson.mapper().readValue(json, NodeType.class));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
