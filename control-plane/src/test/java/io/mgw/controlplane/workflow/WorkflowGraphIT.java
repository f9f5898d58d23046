package io.mgw.controlplane.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.mgw.controlplane.testing.Api;
import io.mgw.controlplane.testing.ControlPlaneTestSupport;
import io.mgw.controlplane.testing.Tenants;
import io.mgw.controlplane.testing.Tenants.Tenant;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkflowGraphIT implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;
    Api api;
    Tenant acme;
    Tenant globex;

    @Override
    public Map<String, String> getProperties() {
        return ControlPlaneTestSupport.properties("wfgraph");
    }

    @BeforeAll
    void tenants() {
        api = new Api(server.getURI());
        acme = Tenants.create(api, "acme");
        globex = Tenants.create(api, "globex");
    }

    private String workflow() {
        var created = api.post("/api/v1/workflows", acme.ownerKey(), Api.json(Map.of("name", "graph")));
        assertEquals(201, created.status(), created.raw());
        return created.text("workflowId");
    }

    private JsonNode addNode(String workflowId, Map<String, Object> body) {
        var added = api.post("/api/v1/workflows/" + workflowId + "/nodes", acme.ownerKey(), Api.json(body));
        assertEquals(201, added.status(), added.raw());
        return added.json();
    }

    private String connect(String workflowId, String source, String target, Map<String, Object> ports) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("sourceNodeId", source, "targetNodeId", target));
        body.putAll(ports);
        var connected = api.post("/api/v1/workflows/" + workflowId + "/connections", acme.ownerKey(), Api.json(body));
        assertEquals(201, connected.status(), connected.raw());
        return connected.text("connectionId");
    }

    @Test
    void addNodeResolvesTheCatalogAndPlacesTheNode() {
        String id = workflow();
        JsonNode added = addNode(id, Map.of("nodeId", "http-request", "config", Map.of("url", "https://example.test")));
        String nodeId = added.path("nodeId").asText();
        assertTrue(nodeId.matches("node-[a-z0-9]{16,24}"), nodeId);
        assertEquals(id, added.path("workflowId").asText());
        JsonNode node = added.path("node");
        assertEquals("http-request", node.path("type").asText());
        assertEquals("actions", node.path("category").asText());
        assertFalse(node.path("label").asText().isBlank(), "label defaults to the catalog name");
        assertTrue(node.path("nodeVersion").asText().matches("\\d+\\.\\d+\\.\\d+"));
        assertTrue(node.path("position").has("x"), "position computed when omitted");
        JsonNode second = addNode(id, Map.of("nodeType", "log", "label", "Audit", "version", "9.9.9",
                "position", Map.of("x", 700, "y", 50)));
        assertEquals("log", second.path("node").path("type").asText(), "nodeType is an alias of nodeId");
        assertEquals("Audit", second.path("node").path("label").asText());
        assertEquals("9.9.9", second.path("node").path("nodeVersion").asText());
        assertEquals(700, second.path("node").path("position").path("x").asInt());
        JsonNode third = addNode(id, Map.of("nodeId", "log"));
        assertTrue(third.path("node").path("position").path("x").asDouble()
                > node.path("position").path("x").asDouble(), "auto-placed to the right");
    }

    @Test
    void theDocumentsMysqlSourceExamplesWorkAsShown() {
        String id = workflow();
        // POST /nodes exactly as workflows-api.txt shows it
        JsonNode added = addNode(id, Map.of("nodeId", "mysql-source", "label", "Extract Orders", "version", "1.2.0",
                "position", Map.of("x", 100, "y", 200), "config", Map.of("dataSource", "ds_001", "query", "SELECT * FROM orders")));
        String nodeId = added.path("nodeId").asText();
        assertEquals("mysql-source", added.path("node").path("type").asText(), added.toString());
        assertEquals("sources", added.path("node").path("category").asText());
        assertEquals("1.2.0", added.path("node").path("nodeVersion").asText());
        var listed = api.get("/api/v1/workflows/" + id + "/nodes", acme.ownerKey()).json().path("nodes").get(0);
        assertEquals("sources", listed.path("category").asText(), listed.toString());
        assertTrue(listed.path("hasConfig").asBoolean());
        // PUT /nodes/:sub, then a node without configuration is a warning, not an error
        var configured = api.put("/api/v1/workflows/" + id + "/nodes/" + nodeId, acme.ownerKey(), Api.json(Map.of(
                "config", Map.of("query", "SELECT * FROM orders WHERE created_at > NOW() - INTERVAL 1 DAY"),
                "label", "Extract Recent Orders")));
        assertEquals(200, configured.status(), configured.raw());
        assertEquals("Extract Recent Orders", configured.json().path("node").path("label").asText());
        String bare = addNode(id, Map.of("nodeId", "mysql-source", "label", "Extract Orders")).path("nodeId").asText();
        String trigger = addNode(id, Map.of("nodeId", "api-trigger")).path("nodeId").asText();
        connect(id, trigger, nodeId, Map.of());
        connect(id, nodeId, bare, Map.of());
        var validation = api.post("/api/v1/workflows/" + id + "/validate", acme.ownerKey(), "").json();
        assertTrue(validation.path("valid").asBoolean(), validation.toString());
        assertEquals("missing-config", validation.path("warnings").get(0).path("type").asText(), validation.toString());
        assertEquals("Node \"Extract Orders\" (mysql-source) needs configuration",
                validation.path("warnings").get(0).path("message").asText());
    }

    @Test
    void addNodeRejectsBadInput() {
        String id = workflow();
        var unknown = api.post("/api/v1/workflows/" + id + "/nodes", acme.ownerKey(), Api.json(Map.of("nodeId", "oracle-source")));
        assertEquals(400, unknown.status());
        assertEquals("nodeId", unknown.text("field"));
        var missing = api.post("/api/v1/workflows/" + id + "/nodes", acme.ownerKey(), Api.json(Map.of("label", "x")));
        assertEquals(400, missing.status());
        assertEquals("nodeId", missing.text("field"));
        var position = api.post("/api/v1/workflows/" + id + "/nodes", acme.ownerKey(),
                Api.json(Map.of("nodeId", "log", "position", Map.of("x", "left", "y", 1))));
        assertEquals(400, position.status());
        assertEquals("position.x", position.text("field"));
        var version = api.post("/api/v1/workflows/" + id + "/nodes", acme.ownerKey(),
                Api.json(Map.of("nodeId", "log", "version", "latest-ish")));
        assertEquals("version", version.text("field"));
        var config = api.post("/api/v1/workflows/" + id + "/nodes", acme.ownerKey(), Api.json(Map.of("nodeId", "log", "config", 5)));
        assertEquals("config", config.text("field"));
        assertEquals(404, api.post("/api/v1/workflows/" + id + "/nodes", globex.ownerKey(), Api.json(Map.of("nodeId", "log"))).status());
        assertEquals(403, api.post("/api/v1/workflows/" + id + "/nodes", acme.ownerKeyWith("workflows:read"),
                Api.json(Map.of("nodeId", "log"))).status());
        assertEquals(401, api.post("/api/v1/workflows/" + id + "/nodes", null, Api.json(Map.of("nodeId", "log"))).status());
    }

    @Test
    void configureMergesConfigWrappedOrNot() {
        String id = workflow();
        String nodeId = addNode(id, Map.of("nodeId", "http-request", "config", Map.of("url", "https://a.test", "method", "GET")))
                .path("nodeId").asText();
        var wrapped = api.put("/api/v1/workflows/" + id + "/nodes/" + nodeId, acme.ownerKey(),
                Api.json(Map.of("config", Map.of("method", "POST"), "label", "Call API")));
        assertEquals(200, wrapped.status(), wrapped.raw());
        assertEquals("Call API", wrapped.json().path("node").path("label").asText());
        assertEquals("https://a.test", wrapped.json().path("node").path("config").path("url").asText(), "merged, not replaced");
        assertEquals("POST", wrapped.json().path("node").path("config").path("method").asText());
        var unwrapped = api.put("/api/v1/workflows/" + id + "/nodes/" + nodeId, acme.ownerKey(),
                Api.json(Map.of("timeoutMs", 2000)));
        assertEquals(2000, unwrapped.json().path("node").path("config").path("timeoutMs").asInt());
        assertEquals("POST", unwrapped.json().path("node").path("config").path("method").asText());
        assertEquals(404, api.put("/api/v1/workflows/" + id + "/nodes/node-nothere000000000000", acme.ownerKey(),
                Api.json(Map.of("a", 1))).status());
        assertEquals(400, api.put("/api/v1/workflows/" + id + "/nodes/" + nodeId, acme.ownerKey(),
                Api.json(Map.of("config", "x"))).status());
    }

    @Test
    void connectionsNeedBothNodesAndDeclaredPorts() {
        String id = workflow();
        String trigger = addNode(id, Map.of("nodeId", "api-trigger")).path("nodeId").asText();
        String agent = addNode(id, Map.of("nodeId", "agent", "config", Map.of("instructions", "help"))).path("nodeId").asText();
        String llm = addNode(id, Map.of("nodeId", "llm")).path("nodeId").asText();
        var connected = api.post("/api/v1/workflows/" + id + "/connections", acme.ownerKey(),
                Api.json(Map.of("sourceNodeId", trigger, "targetNodeId", agent)));
        assertEquals(201, connected.status(), connected.raw());
        JsonNode connection = connected.json().path("connection");
        assertTrue(connected.text("connectionId").matches("conn-[a-z0-9]{16,24}"));
        assertEquals(trigger, connection.path("source").asText());
        assertEquals(agent, connection.path("target").asText());
        assertEquals("output", connection.path("sourcePort").asText(), "ports default");
        assertEquals("input", connection.path("targetPort").asText());
        connect(id, llm, agent, Map.of("targetPort", "ai"));
        var badPort = api.post("/api/v1/workflows/" + id + "/connections", acme.ownerKey(),
                Api.json(Map.of("sourceNodeId", trigger, "targetNodeId", llm, "targetPort", "tools")));
        assertEquals(400, badPort.status());
        assertEquals("targetPort", badPort.text("field"));
        var missing = api.post("/api/v1/workflows/" + id + "/connections", acme.ownerKey(),
                Api.json(Map.of("sourceNodeId", trigger, "targetNodeId", "node-ghost")));
        assertEquals(400, missing.status());
        assertEquals("targetNodeId", missing.text("field"));
        var noSource = api.post("/api/v1/workflows/" + id + "/connections", acme.ownerKey(), Api.json(Map.of("targetNodeId", agent)));
        assertEquals("sourceNodeId", noSource.text("field"));
        assertEquals(409, api.post("/api/v1/workflows/" + id + "/connections", acme.ownerKey(),
                Api.json(Map.of("sourceNodeId", trigger, "targetNodeId", agent))).status());
        var nodes = api.get("/api/v1/workflows/" + id + "/nodes", acme.ownerKey());
        assertEquals(3, nodes.json().path("count").asInt());
        for (JsonNode node : nodes.json().path("nodes")) {
            if (node.path("id").asText().equals(agent)) {
                assertEquals(2, node.path("inboundConnections").asInt());
                assertEquals(0, node.path("outboundConnections").asInt());
                assertTrue(node.path("hasConfig").asBoolean());
            }
        }
        var removed = api.delete("/api/v1/workflows/" + id + "/connections/" + connected.text("connectionId"), acme.ownerKey());
        assertEquals(200, removed.status());
        assertTrue(removed.json().path("removed").asBoolean());
        assertEquals(404, api.delete("/api/v1/workflows/" + id + "/connections/" + connected.text("connectionId"),
                acme.ownerKey()).status());
    }

    @Test
    void deletingANodeRemovesItsConnections() {
        String id = workflow();
        String a = addNode(id, Map.of("nodeId", "webhook-trigger")).path("nodeId").asText();
        String b = addNode(id, Map.of("nodeId", "log")).path("nodeId").asText();
        String c = addNode(id, Map.of("nodeId", "log")).path("nodeId").asText();
        connect(id, a, b, Map.of());
        connect(id, b, c, Map.of());
        var removed = api.delete("/api/v1/workflows/" + id + "/nodes/" + b, acme.ownerKey());
        assertEquals(200, removed.status(), removed.raw());
        assertEquals(2, removed.json().path("removedConnections").asInt());
        var workflow = api.get("/api/v1/workflows/" + id, acme.ownerKey());
        assertEquals(2, workflow.json().path("nodes").size());
        assertEquals(0, workflow.json().path("connections").size());
        assertEquals(404, api.delete("/api/v1/workflows/" + id + "/nodes/" + b, acme.ownerKey()).status());
    }

    @Test
    void inputMappingsAndPassThroughValues() {
        String id = workflow();
        String node = addNode(id, Map.of("nodeId", "transform")).path("nodeId").asText();
        var mappings = api.put("/api/v1/workflows/" + id + "/nodes/" + node + "/input-mappings", acme.ownerKey(),
                Api.json(Map.of("mappings", Map.of("userId", "data.user.id", "first", "items[0].name"))));
        assertEquals(200, mappings.status(), mappings.raw());
        assertEquals("data.user.id", mappings.json().path("inputMappings").path("userId").asText());
        var bad = api.put("/api/v1/workflows/" + id + "/nodes/" + node + "/input-mappings", acme.ownerKey(),
                Api.json(Map.of("mappings", Map.of("userId", "data..id; drop"))));
        assertEquals(400, bad.status());
        assertEquals("mappings", bad.text("field"));
        assertEquals(400, api.put("/api/v1/workflows/" + id + "/nodes/" + node + "/input-mappings", acme.ownerKey(), "{}").status());
        var values = api.put("/api/v1/workflows/" + id + "/nodes/" + node + "/passthrough-values", acme.ownerKey(),
                Api.json(Map.of("values", Map.of("correlationId", "correlationId"))));
        assertEquals(200, values.status(), values.raw());
        assertEquals("correlationId", values.json().path("passThroughValues").path("correlationId").asText());
        var notStrings = api.put("/api/v1/workflows/" + id + "/nodes/" + node + "/passthrough-values", acme.ownerKey(),
                Api.json(Map.of("values", Map.of("a", 1))));
        assertEquals("values", notStrings.text("field"));
        var stored = api.get("/api/v1/workflows/" + id, acme.ownerKey()).json().path("nodes").get(0);
        assertEquals("data.user.id", stored.path("inputMappings").path("userId").asText());
    }

    @Test
    void validateReportsErrorsAndWarnings() {
        String id = workflow();
        var empty = api.post("/api/v1/workflows/" + id + "/validate", acme.ownerKey(), "");
        assertEquals(200, empty.status(), empty.raw());
        assertFalse(empty.json().path("valid").asBoolean());
        assertEquals("empty-workflow", empty.json().path("errors").get(0).path("type").asText());
        String request = addNode(id, Map.of("nodeId", "http-request", "label", "Extract Orders")).path("nodeId").asText();
        addNode(id, Map.of("nodeId", "log"));
        var report = api.post("/api/v1/workflows/" + id + "/validate", acme.ownerKey(), "").json();
        assertTrue(report.path("valid").asBoolean(), report.toString());
        List<String> warnings = new ArrayList<>();
        report.path("warnings").forEach(w -> warnings.add(w.path("type").asText()));
        assertTrue(warnings.contains("missing-config") && warnings.contains("no-trigger")
                && warnings.contains("disconnected-node"), warnings.toString());
        report.path("warnings").forEach(w -> {
            if (w.path("type").asText().equals("missing-config")) {
                assertEquals("Node \"Extract Orders\" (http-request) needs configuration", w.path("message").asText());
                assertEquals(request, w.path("nodeId").asText());
            }
        });
        assertEquals(2, report.path("nodeCount").asInt());
        // A connection to a node that is not there can only come in with a whole graph.
        api.put("/api/v1/workflows/" + id, acme.ownerKey(), Api.json(Map.of("connections", List.of(
                Map.of("sourceNodeId", request, "targetNodeId", "node-gone")))));
        var broken = api.post("/api/v1/workflows/" + id + "/validate", acme.ownerKey(), "").json();
        assertFalse(broken.path("valid").asBoolean());
        assertEquals("broken-connection", broken.path("errors").get(0).path("type").asText());
        assertEquals(1, broken.path("connectionCount").asInt());
    }

    @Test
    void layoutArrangesLeftToRightAndIsStable() {
        String id = workflow();
        String a = addNode(id, Map.of("nodeId", "api-trigger", "position", Map.of("x", 900, "y", 900))).path("nodeId").asText();
        String b = addNode(id, Map.of("nodeId", "log", "position", Map.of("x", 10, "y", 10))).path("nodeId").asText();
        connect(id, a, b, Map.of());
        var first = api.post("/api/v1/workflows/" + id + "/layout", acme.ownerKey(), "");
        assertEquals(200, first.status(), first.raw());
        assertTrue(first.json().path("changed").asBoolean());
        assertEquals(2, first.json().path("nodesRepositioned").asInt());
        var nodes = api.get("/api/v1/workflows/" + id, acme.ownerKey()).json().path("nodes");
        double ax = 0;
        double bx = 0;
        for (JsonNode node : nodes) {
            if (node.path("id").asText().equals(a)) {
                ax = node.path("position").path("x").asDouble();
            } else {
                bx = node.path("position").path("x").asDouble();
            }
        }
        assertTrue(ax < bx, "trigger left of its successor");
        var second = api.post("/api/v1/workflows/" + id + "/layout", acme.ownerKey(), "");
        assertFalse(second.json().path("changed").asBoolean());
        assertEquals(0, second.json().path("nodesRepositioned").asInt());
        assertEquals(403, api.post("/api/v1/workflows/" + id + "/layout", acme.ownerKeyWith("workflows:read"), "").status());
    }

    @Test
    void computeScopesStoresScopesDerivedFromNodeConfigs() {
        String id = workflow();
        addNode(id, Map.of("nodeId", "postgres-query", "config", Map.of("dataSource", "ds_001", "query", "select 1")));
        addNode(id, Map.of("nodeId", "llm", "config", Map.of("baseUrl", "http://127.0.0.1:1", "model", "model_001")));
        var scopes = api.post("/api/v1/workflows/" + id + "/compute-scopes", acme.ownerKey(), "");
        assertEquals(200, scopes.status(), scopes.raw());
        assertEquals("[\"datasources:read:ds_001\",\"models:invoke:model_001\"]", scopes.json().path("scopes").toString());
        assertEquals(2, api.get("/api/v1/workflows/" + id, acme.ownerKey()).json().path("scopes").size());
    }

    @Test
    void templatesIncludeAStreamingVoiceAgent() {
        var templates = api.get("/api/v1/workflows/templates", acme.ownerKey());
        assertEquals(200, templates.status(), templates.raw());
        assertTrue(templates.json().path("count").asInt() >= 5);
        boolean streaming = false;
        for (JsonNode template : templates.json().path("templates")) {
            assertTrue(template.path("id").asText().startsWith("wf_tmpl_"));
            assertTrue(template.path("nodes").size() > 0);
            streaming |= "streaming".equals(template.path("workflowType").asText());
        }
        assertTrue(streaming);
        assertEquals(403, api.get("/api/v1/workflows/templates", acme.ownerKeyWith("workflows:write")).status());
    }

    @Test
    void createNormalizesGraphAliases() {
        var created = api.post("/api/v1/workflows", acme.ownerKey(), Api.json(Map.of("name", "aliases",
                "nodes", List.of(Map.of("id", "node_1", "type", "api-trigger"), Map.of("id", "node_2", "nodeType", "log")),
                "connections", List.of(Map.of("source", "node_1", "target", "node_2")))));
        assertEquals(201, created.status(), created.raw());
        var workflow = api.get("/api/v1/workflows/" + created.text("workflowId"), acme.ownerKey()).json();
        assertEquals("api-trigger", workflow.path("nodes").get(0).path("nodeId").asText());
        assertEquals("node_1", workflow.path("connections").get(0).path("sourceNodeId").asText());
        assertEquals("output", workflow.path("connections").get(0).path("sourcePort").asText());
        var bad = api.post("/api/v1/workflows", acme.ownerKey(), Api.json(Map.of("name", "bad",
                "nodes", List.of(Map.of("id", "n1", "type", "log"), Map.of("id", "n2", "position", Map.of("x", 1, "y", 2))))));
        assertEquals(400, bad.status());
        assertEquals("nodes[1].nodeId", bad.text("field"));
    }
}
