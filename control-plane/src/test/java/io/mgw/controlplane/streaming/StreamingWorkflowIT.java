package io.mgw.controlplane.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.mgw.controlplane.testing.Api;
import io.mgw.controlplane.testing.ControlPlaneTestSupport;
import io.mgw.controlplane.testing.RealRuntime;
import io.mgw.controlplane.testing.Tenants;
import io.mgw.controlplane.testing.Tenants.Tenant;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamingWorkflowIT implements TestPropertyProvider {

    RealRuntime runtime;
    @Inject
    EmbeddedServer server;
    Api api;
    Tenant acme;
    Tenant globex;
    String voice;
    String batch;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(ControlPlaneTestSupport.properties("streamingwf"));
        runtime = new RealRuntime(properties);
        properties.put("mgw.runtime-url", runtime.url());
        return properties;
    }

    @BeforeAll
    void setUp() {
        api = new Api(server.getURI());
        acme = Tenants.create(api, "acme");
        globex = Tenants.create(api, "globex");
        voice = api.post("/api/v1/workflows", acme.ownerKey(), Api.json(Map.of("name", "voice-intake",
                "description", "Voice agent that triages inbound calls.", "workflowType", "streaming",
                "nodes", List.of(Map.of("id", "v", "nodeId", "vad"), Map.of("id", "e", "nodeId", "echo")),
                "connections", List.of(Map.of("sourceNodeId", "v", "targetNodeId", "e"))))).text("workflowId");
        batch = api.post("/api/v1/workflows", acme.ownerKey(), Api.json(Map.of("name", "nightly batch"))).text("workflowId");
    }

    @AfterAll
    void tearDown() {
        runtime.close();
    }

    @Test
    void listShowsOnlyStreamingWorkflowsInTheStreamingShape() {
        var list = api.get("/api/v1/streaming-workflows", acme.ownerKey());
        assertEquals(200, list.status(), list.raw());
        assertEquals(50, list.json().path("limit").asInt());
        assertTrue(list.raw().contains(voice));
        assertFalse(list.raw().contains(batch), "batch workflows are not streaming workflows");
        var item = list.json().path("items").get(0);
        assertEquals(voice, item.path("_id").asText());
        assertEquals("streaming", item.path("workflowType").asText());
        assertTrue(item.path("edges").isArray());
        assertEquals("v", item.path("edges").get(0).path("source").asText());
        assertTrue(item.has("sharedWith") && item.has("isPublic") && item.has("ownerId") && item.has("agentUuid"));
        assertEquals(1, api.get("/api/v1/streaming-workflows?search=TRIAGES", acme.ownerKey()).json().path("count").asInt());
        assertEquals(0, api.get("/api/v1/streaming-workflows?search=nothing-like-it", acme.ownerKey()).json().path("count").asInt());
        assertEquals(400, api.get("/api/v1/streaming-workflows?status=asleep", acme.ownerKey()).status());
        assertEquals(400, api.get("/api/v1/streaming-workflows?limit=201", acme.ownerKey()).status());
        assertEquals(400, api.get("/api/v1/streaming-workflows?sort=secret", acme.ownerKey()).status());
        assertEquals(0, api.get("/api/v1/streaming-workflows", globex.ownerKey()).json().path("count").asInt());
        assertEquals(403, api.get("/api/v1/streaming-workflows", acme.ownerKeyWith("workflows:read")).status());
        assertEquals(401, api.get("/api/v1/streaming-workflows", null).status());
    }

    @Test
    void getIsTheStreamingViewAndBatchIdsAreNotFound() {
        var workflow = api.get("/api/v1/streaming-workflows/" + voice, acme.ownerKey());
        assertEquals(200, workflow.status(), workflow.raw());
        assertEquals("voice-intake", workflow.text("name"));
        assertTrue(workflow.json().has("nodes") && workflow.json().has("edges") && !workflow.json().has("connections"));
        assertEquals(404, api.get("/api/v1/streaming-workflows/" + batch, acme.ownerKey()).status());
        assertEquals(404, api.get("/api/v1/streaming-workflows/" + voice, globex.ownerKey()).status());
        assertEquals(400, api.get("/api/v1/streaming-workflows/no$such", acme.ownerKey()).status());
    }

    @Test
    void deployValidatesResourcesAndReturnsTheDeploymentRecord() {
        String id = api.post("/api/v1/workflows", acme.ownerKey(), Api.json(Map.of("name", "deploy me",
                "workflowType", "streaming"))).text("workflowId");
        String path = "/api/v1/streaming-workflows/" + id + "/deploy";
        assertInvalid(path, Map.of("cpu", "lots"), "cpu");
        assertInvalid(path, Map.of("cpu", 2), "cpu");
        assertInvalid(path, Map.of("cpu", "-1"), "cpu");
        assertInvalid(path, Map.of("cpu", "0"), "cpu");
        assertInvalid(path, Map.of("memory", "2GB"), "memory");
        assertInvalid(path, Map.of("disk", "20 Gi"), "disk");
        assertInvalid(path, Map.of("gpu", -1), "gpu");
        assertInvalid(path, Map.of("gpu", "1"), "gpu");
        assertInvalid(path, Map.of("gpu", 1.5), "gpu");
        assertInvalid(path, Map.of("gpu_type", "not a name!"), "gpu_type");
        assertInvalid(path, Map.of("gpu_type", 7), "gpu_type");
        assertInvalid(path, Map.of("idle_timeout_seconds", 0), "idle_timeout_seconds");
        assertInvalid(path, Map.of("max_session_duration_seconds", -60), "max_session_duration_seconds");
        assertInvalid(path, Map.of("max_concurrent_sessions", 2.5), "max_concurrent_sessions");
        assertInvalid(path, Map.of("max_concurrent_sessions", "10"), "max_concurrent_sessions");

        Map<String, Object> body = new HashMap<>(Map.of("cpu", "1000m", "memory", "2Gi", "disk", "20Gi", "gpu", 1,
                "idle_timeout_seconds", 300, "max_session_duration_seconds", 3600, "max_concurrent_sessions", 10));
        body.put("gpu_type", "nvidia-tesla-t4");
        var deployed = api.post(path, acme.ownerKey(), Api.json(body));
        assertEquals(201, deployed.status(), deployed.raw());
        var record = deployed.json();
        assertTrue(record.path("_id").asText().startsWith("dep_"));
        assertEquals(id, record.path("workflow_id").asText());
        assertEquals("ready", record.path("status").asText());
        assertEquals("1000m", record.path("cpu").asText());
        assertEquals("2Gi", record.path("memory").asText());
        assertEquals("20Gi", record.path("disk").asText());
        assertEquals(1, record.path("gpu").asInt());
        assertEquals("nvidia-tesla-t4", record.path("gpu_type").asText());
        assertEquals(10, record.path("max_concurrent_sessions").asInt());
        assertEquals(300, record.path("idle_timeout_seconds").asInt());
        assertEquals(3600, record.path("max_session_duration_seconds").asInt());
        assertTrue(record.has("created_at") && record.has("updated_at"));
        String deployment = record.path("_id").asText();
        assertEquals(10, runtime.spec(deployment).orElseThrow().path("limits").path("max_concurrent_sessions").asInt(),
                "the runtime hosts the deployment with its limit: " + runtime.spec(deployment));
        assertEquals("deployed", api.get("/api/v1/streaming-workflows/" + id, acme.ownerKey()).text("status"));
        assertEquals(201, api.post(path, acme.ownerKey(), Api.json(Map.of("gpu", 0, "cpu", "0.5"))).status(),
                "gpu_type may be null; decimal cpu");

        var deployments = api.get("/api/v1/streaming-workflows/" + id + "/deployments", acme.ownerKey());
        assertEquals(200, deployments.status());
        assertEquals("0.5", deployments.json().get(0).path("cpu").asText(), "newest first (redeploy updates in place)");

        var undeployed = api.post("/api/v1/streaming-workflows/" + id + "/undeploy", acme.ownerKey(), "");
        assertEquals(200, undeployed.status(), undeployed.raw());
        assertEquals(id, undeployed.text("workflowId"));
        assertEquals("undeployed", undeployed.text("status"));
        assertEquals("undeployed", api.get("/api/v1/streaming-workflows/" + id, acme.ownerKey()).text("status"));
        assertTrue(runtime.spec(deployment).isEmpty(), "the runtime no longer hosts it");
    }

    @Test
    void deployChecksScopeAndTenancy() {
        String path = "/api/v1/streaming-workflows/" + voice + "/deploy";
        assertEquals(401, api.post(path, null, "{}").status());
        assertEquals(403, api.post(path, acme.ownerKeyWith("streaming-workflows:read"), "{}").status());
        assertEquals(404, api.post(path, globex.ownerKey(), "{}").status());
        assertEquals(404, api.post("/api/v1/streaming-workflows/" + batch + "/deploy", acme.ownerKey(), "{}").status());
        assertEquals(404, api.post("/api/v1/streaming-workflows/" + voice + "/undeploy", globex.ownerKey(), "").status());
        assertEquals(403, api.get("/api/v1/streaming-workflows/" + voice + "/deployments",
                acme.ownerKeyWith("streaming-sessions:read")).status());
        assertEquals(404, api.get("/api/v1/streaming-workflows/" + voice + "/deployments", globex.ownerKey()).status());
    }

    private void assertInvalid(String path, Map<String, Object> body, String field) {
        var response = api.post(path, acme.ownerKey(), Api.json(body));
        assertEquals(400, response.status(), body + " -> " + response.raw());
        assertEquals(field, response.text("field"), response.raw());
    }
}
