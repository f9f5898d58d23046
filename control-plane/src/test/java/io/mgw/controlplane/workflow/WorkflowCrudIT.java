package io.mgw.controlplane.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.mgw.controlplane.testing.Api;
import io.mgw.controlplane.testing.ControlPlaneTestSupport;
import io.mgw.controlplane.testing.Tenants;
import io.mgw.controlplane.testing.Tenants.Tenant;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkflowCrudIT implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;
    Api api;
    Tenant acme;
    Tenant globex;

    @Override
    public Map<String, String> getProperties() {
        return ControlPlaneTestSupport.properties("wfcrud");
    }

    @BeforeAll
    void tenants() {
        api = new Api(server.getURI());
        acme = Tenants.create(api, "acme");
        globex = Tenants.create(api, "globex");
    }

    String create(Tenant tenant, Map<String, Object> body) {
        var created = api.post("/api/v1/workflows", tenant.ownerKey(), Api.json(body));
        assertEquals(201, created.status(), created.raw());
        return created.text("workflowId");
    }

    @Test
    void createThenGetReturnsTheFullWorkflowObject() {
        var created = api.post("/api/v1/workflows", acme.ownerKey(), Api.json(Map.of(
                "name", "Daily ETL Pipeline", "description", "Extracts data", "tags", List.of("etl"),
                "settings", Map.of("timeout", 3600, "retryOnFailure", true, "maxRetries", 3))));
        assertEquals(201, created.status(), created.raw());
        String id = created.text("workflowId");
        assertTrue(id.matches("wf_[a-z0-9]{16,24}"), id);
        var workflow = api.get("/api/v1/workflows/" + id, acme.ownerKey());
        assertEquals(200, workflow.status());
        assertEquals("Daily ETL Pipeline", workflow.text("name"));
        assertEquals("draft", workflow.text("status"));
        assertEquals("batch", workflow.text("workflowType"));
        assertEquals(1, workflow.json().path("version").asInt());
        assertEquals(3600, workflow.json().path("settings").path("timeout").asInt());
        assertEquals("etl", workflow.json().path("tags").get(0).asText());
        assertEquals(acme.orgId(), workflow.text("organizationId"));
        assertEquals(acme.ownerId(), workflow.text("ownerId"));
        assertTrue(workflow.json().path("nodes").isArray());
        assertTrue(workflow.json().path("connections").isArray());
        assertTrue(workflow.json().path("sharedWith").isArray());
        assertEquals(false, workflow.json().path("isPublic").asBoolean(true));
        assertTrue(workflow.text("agentUuid").matches("[0-9a-f-]{36}"));
        assertTrue(workflow.json().has("createdAt") && workflow.json().has("updatedAt"));
    }

    @Test
    void streamingWorkflowsAreCreatedWithWorkflowType() {
        String id = create(acme, Map.of("name", "voice", "workflowType", "streaming"));
        assertEquals("streaming", api.get("/api/v1/workflows/" + id, acme.ownerKey()).text("workflowType"));
    }

    @Test
    void createValidatesEachFieldByName() {
        assertField(Map.of("description", "no name"), "name");
        assertField(Map.of("name", "x", "status", "running"), "status");
        assertField(Map.of("name", "x", "workflowType", "realtime"), "workflowType");
        assertField(Map.of("name", "x", "settings", Map.of("timeout", -5)), "settings.timeout");
        assertField(Map.of("name", "x", "settings", Map.of("retryOnFailure", "yes")), "settings.retryOnFailure");
        assertField(Map.of("name", "x", "settings", Map.of("maxRetries", 99)), "settings.maxRetries");
        assertField(Map.of("name", "x", "settings", List.of()), "settings");
        assertField(Map.of("name", "x", "nodes", Map.of()), "nodes");
        assertField(Map.of("name", "x", "connections", "none"), "connections");
        assertField(Map.of("name", "x".repeat(201)), "name");
        assertField(Map.of("name", "x", "tags", List.of("")), "tags");
    }

    private void assertField(Map<String, Object> body, String field) {
        var response = api.post("/api/v1/workflows", acme.ownerKey(), Api.json(body));
        assertEquals(400, response.status(), response.raw());
        assertEquals(field, response.text("field"), response.raw());
        assertTrue(response.text("message").contains(field), response.raw());
    }

    @Test
    void authenticationAndScopeAreChecked() {
        assertEquals(401, api.post("/api/v1/workflows", null, Api.json(Map.of("name", "x"))).status());
        String readOnly = acme.ownerKeyWith("workflows:read");
        assertEquals(403, api.post("/api/v1/workflows", readOnly, Api.json(Map.of("name", "x"))).status());
        String writeOnly = acme.ownerKeyWith("workflows:write");
        String id = create(acme, Map.of("name", "scoped"));
        assertEquals(403, api.get("/api/v1/workflows/" + id, writeOnly).status());
        assertEquals(200, api.get("/api/v1/workflows/" + id, readOnly).status());
        assertEquals(403, api.get("/api/v1/workflows", writeOnly).status());
        assertEquals(403, api.get("/api/v1/workflows/stats", writeOnly).status());
    }

    @Test
    void unknownMalformedAndForeignIdsAreRejected() {
        String foreign = create(globex, Map.of("name", "globex only"));
        for (String path : List.of("", "/versions", "/share")) {
            assertEquals(404, api.get("/api/v1/workflows/wf_doesnotexist00000000" + path, acme.ownerKey()).status(), path);
        }
        assertEquals(404, api.get("/api/v1/workflows/" + foreign, acme.ownerKey()).status());
        assertEquals(404, api.put("/api/v1/workflows/" + foreign, acme.ownerKey(), Api.json(Map.of("name", "x"))).status());
        assertEquals(404, api.delete("/api/v1/workflows/" + foreign, acme.ownerKey()).status());
        assertEquals(404, api.post("/api/v1/workflows/" + foreign + "/duplicate", acme.ownerKey(), "").status());
        assertEquals(404, api.put("/api/v1/workflows/" + foreign + "/status", acme.ownerKey(),
                Api.json(Map.of("status", "active"))).status());
        var malformed = api.get("/api/v1/workflows/bad$id", acme.ownerKey());
        assertEquals(400, malformed.status(), malformed.raw());
        assertEquals("id", malformed.text("field"));
    }

    @Test
    void updateIsPartialAndBumpsUpdatedAt() throws Exception {
        String id = create(acme, Map.of("name", "before", "description", "keep me", "tags", List.of("a")));
        var before = api.get("/api/v1/workflows/" + id, acme.ownerKey());
        Thread.sleep(5);
        var updated = api.put("/api/v1/workflows/" + id, acme.ownerKey(), Api.json(Map.of("name", "after")));
        assertEquals(200, updated.status(), updated.raw());
        assertEquals("after", updated.text("name"));
        assertEquals("keep me", updated.text("description"));
        assertEquals("a", updated.json().path("tags").get(0).asText());
        assertTrue(updated.text("updatedAt").compareTo(before.text("updatedAt")) > 0);
        assertEquals(before.text("createdAt"), updated.text("createdAt"));
        assertEquals(before.text("agentUuid"), updated.text("agentUuid"));
        var invalid = api.put("/api/v1/workflows/" + id, acme.ownerKey(), Api.json(Map.of("settings", Map.of("timeout", 0))));
        assertEquals(400, invalid.status());
        assertEquals(403, api.put("/api/v1/workflows/" + id, acme.ownerKeyWith("workflows:read"),
                Api.json(Map.of("name", "x"))).status());
    }

    @Test
    void deleteRemovesTheWorkflow() {
        String id = create(acme, Map.of("name", "doomed"));
        assertEquals(204, api.delete("/api/v1/workflows/" + id, acme.ownerKey()).status());
        assertEquals(404, api.get("/api/v1/workflows/" + id, acme.ownerKey()).status());
        assertEquals(404, api.delete("/api/v1/workflows/" + id, acme.ownerKey()).status());
    }

    @Test
    void duplicateCopiesTheGraphAsANewDraft() {
        String id = create(acme, Map.of("name", "original", "status", "active", "nodes", List.of(
                Map.of("id", "node-aaaaaaaaaaaaaaaa", "nodeId", "log", "label", "Log it", "position", Map.of("x", 1, "y", 2),
                        "config", Map.of()))));
        var copy = api.post("/api/v1/workflows/" + id + "/duplicate", acme.ownerKey(), "");
        assertEquals(201, copy.status(), copy.raw());
        String copyId = copy.text("workflowId");
        assertNotEquals(id, copyId);
        var original = api.get("/api/v1/workflows/" + id, acme.ownerKey());
        var duplicated = api.get("/api/v1/workflows/" + copyId, acme.ownerKey());
        assertEquals("draft", duplicated.text("status"));
        assertEquals(original.json().path("nodes"), duplicated.json().path("nodes"));
        assertNotEquals(original.text("agentUuid"), duplicated.text("agentUuid"));
    }

    @Test
    void statusAcceptsOnlyTheFourStatuses() {
        String id = create(acme, Map.of("name", "status"));
        var active = api.put("/api/v1/workflows/" + id + "/status", acme.ownerKey(), Api.json(Map.of("status", "active")));
        assertEquals(200, active.status(), active.raw());
        assertEquals("active", active.text("status"));
        var invalid = api.put("/api/v1/workflows/" + id + "/status", acme.ownerKey(), Api.json(Map.of("status", "deleted")));
        assertEquals(400, invalid.status());
        assertEquals("status", invalid.text("field"));
        assertEquals(400, api.put("/api/v1/workflows/" + id + "/status", acme.ownerKey(), "{}").status());
    }

    @Test
    void statsCountTheOrganizationsWorkflowsByStatus() {
        Tenant fresh = Tenants.create(api, "stats-org");
        create(fresh, Map.of("name", "a"));
        create(fresh, Map.of("name", "b", "status", "active"));
        create(fresh, Map.of("name", "c", "status", "active"));
        create(fresh, Map.of("name", "d", "status", "archived"));
        var stats = api.get("/api/v1/workflows/stats", fresh.ownerKey());
        assertEquals(200, stats.status());
        assertEquals(4, stats.json().path("total").asInt());
        assertEquals(2, stats.json().path("active").asInt());
        assertEquals(1, stats.json().path("draft").asInt());
        assertEquals(1, stats.json().path("archived").asInt());
        assertEquals(0, stats.json().path("paused").asInt());
    }
}
