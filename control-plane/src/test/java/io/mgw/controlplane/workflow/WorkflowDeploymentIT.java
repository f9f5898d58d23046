package io.mgw.controlplane.workflow;

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

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkflowDeploymentIT implements TestPropertyProvider {

    RealRuntime runtime;
    @Inject
    EmbeddedServer server;
    Api api;
    Tenant acme;
    Tenant globex;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(ControlPlaneTestSupport.properties("wfdeploy"));
        runtime = new RealRuntime(properties);
        properties.put("mgw.runtime-url", runtime.url());
        return properties;
    }

    @BeforeAll
    void tenants() {
        api = new Api(server.getURI());
        acme = Tenants.create(api, "acme");
        globex = Tenants.create(api, "globex");
    }

    @AfterAll
    void stopRuntime() {
        runtime.close();
    }

    private String workflow(Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "deployable", "nodes",
                List.of(Map.of("id", "node_1", "nodeId", "api-trigger"), Map.of("id", "node_2", "nodeId", "log")),
                "connections", List.of(Map.of("sourceNodeId", "node_1", "targetNodeId", "node_2"))));
        body.putAll(extra);
        var created = api.post("/api/v1/workflows", acme.ownerKey(), Api.json(body));
        assertEquals(201, created.status(), created.raw());
        return created.text("workflowId");
    }

    @Test
    void deployStopStartUndeployDriveTheRuntime() {
        String id = workflow(Map.of());
        List<String> before = runtime.hosted();
        var deployed = api.post("/api/v1/workflows/" + id + "/deploy", acme.ownerKey(), "");
        assertEquals(200, deployed.status(), deployed.raw());
        assertEquals("Workflow deployed successfully", deployed.text("message"));
        assertEquals("active", deployed.text("status"));
        String deployment = newlyHosted(before);
        assertTrue(deployment.startsWith("dep_"), deployment);
        var spec = runtime.spec(deployment).orElseThrow();
        assertEquals(id, spec.path("workflow_id").asText(), spec.toString());
        assertTrue(spec.toString().contains("api-trigger"), spec.toString());
        assertEquals("active", api.get("/api/v1/workflows/" + id, acme.ownerKey()).text("status"));
        assertEquals("running", api.get("/api/v1/workflows/" + id + "/lifecycle", acme.ownerKey()).text("deploymentStatus"));

        var stopped = api.post("/api/v1/workflows/" + id + "/stop", acme.ownerKey(), "");
        assertEquals(200, stopped.status(), stopped.raw());
        assertEquals("stopped", stopped.text("deploymentStatus"));
        assertTrue(runtime.spec(deployment).isEmpty(), "a stopped deployment is not hosted");
        var lifecycle = api.get("/api/v1/workflows/" + id + "/lifecycle", acme.ownerKey());
        assertEquals("stopped", lifecycle.text("deploymentStatus"));
        assertTrue(lifecycle.text("stoppedReason").contains(acme.ownerId()));

        var started = api.post("/api/v1/workflows/" + id + "/start", acme.ownerKey(), Api.json(Map.of("replicas", 1)));
        assertEquals(200, started.status(), started.raw());
        assertEquals("running", started.text("deploymentStatus"));
        assertEquals(1, started.json().path("replicas").asInt());
        assertTrue(runtime.spec(deployment).isPresent(), "the same deployment hosted again");
        var badReplicas = api.post("/api/v1/workflows/" + id + "/start", acme.ownerKey(), Api.json(Map.of("replicas", 0)));
        assertEquals(400, badReplicas.status());
        assertEquals("replicas", badReplicas.text("field"));

        var undeployed = api.post("/api/v1/workflows/" + id + "/undeploy", acme.ownerKey(), "");
        assertEquals(200, undeployed.status(), undeployed.raw());
        assertEquals("Workflow undeployed successfully", undeployed.text("message"));
        assertEquals("draft", undeployed.text("status"));
        assertTrue(runtime.spec(deployment).isEmpty(), "undeployed from the runtime");
        assertEquals("not_deployed", api.get("/api/v1/workflows/" + id + "/lifecycle", acme.ownerKey()).text("deploymentStatus"));
        assertEquals(409, api.post("/api/v1/workflows/" + id + "/stop", acme.ownerKey(), "").status());
        assertEquals(409, api.post("/api/v1/workflows/" + id + "/start", acme.ownerKey(), "{}").status());
    }

    @Test
    void deletingADeployedWorkflowTakesItsDeploymentDown() {
        String id = workflow(Map.of());
        List<String> before = runtime.hosted();
        assertEquals(200, api.post("/api/v1/workflows/" + id + "/deploy", acme.ownerKey(), "").status());
        String deployment = newlyHosted(before);
        assertEquals(204, api.delete("/api/v1/workflows/" + id, acme.ownerKey()).status());
        assertTrue(runtime.spec(deployment).isEmpty(), "the runtime no longer hosts it");
        assertEquals(404, api.get("/api/v1/workflows/" + id, acme.ownerKey()).status());
    }

    @Test
    void aRuntimeThatIsGoneIsAClearErrorNotA500() {
        String id = workflow(Map.of());
        runtime.stop();
        try {
            var deployed = api.post("/api/v1/workflows/" + id + "/deploy", acme.ownerKey(), "");
            assertEquals(503, deployed.status(), deployed.raw());
            assertEquals("deployment_backend_unavailable", deployed.text("error"));
            assertFalse(deployed.text("message").isBlank(), deployed.raw());
        } finally {
            runtime.restart();
        }
        var retried = api.post("/api/v1/workflows/" + id + "/deploy", acme.ownerKey(), "");
        assertEquals(200, retried.status(), "deploys once the runtime is back: " + retried.raw());
    }

    /** The one deployment the runtime hosts now that it did not host {@code before}. */
    private String newlyHosted(List<String> before) {
        List<String> added = new java.util.ArrayList<>(runtime.hosted());
        added.removeAll(before);
        assertEquals(1, added.size(), "one new deployment on the runtime: " + added);
        return added.get(0);
    }

    @Test
    void deploymentEndpointsCheckScopeAndTenancy() {
        String id = workflow(Map.of());
        String readOnly = acme.ownerKeyWith("workflows:read");
        for (String action : List.of("deploy", "undeploy", "stop", "start")) {
            assertEquals(403, api.post("/api/v1/workflows/" + id + "/" + action, readOnly, "{}").status(), action);
            assertEquals(404, api.post("/api/v1/workflows/" + id + "/" + action, globex.ownerKey(), "{}").status(), action);
            assertEquals(401, api.post("/api/v1/workflows/" + id + "/" + action, null, "{}").status(), action);
        }
        assertEquals(404, api.get("/api/v1/workflows/" + id + "/lifecycle", globex.ownerKey()).status());
    }

    @Test
    void lifecyclePolicyIsValidatedFieldByField() {
        String id = workflow(Map.of());
        String path = "/api/v1/workflows/" + id + "/lifecycle";
        assertEquals("always-on", api.get(path, acme.ownerKey()).json().path("lifecyclePolicy").path("type").asText());
        var idle = api.put(path, acme.ownerKey(), Api.json(Map.of("type", "idle-shutdown")));
        assertEquals(200, idle.status(), idle.raw());
        assertEquals(30, idle.json().path("lifecyclePolicy").path("idleTimeoutMinutes").asInt(), "default 30");
        Map<String, Object> window = Map.of("days", List.of(1, 2, 3, 4, 5), "startTime", "09:00", "endTime", "17:00");
        var scheduled = api.put(path, acme.ownerKey(), Api.json(Map.of("type", "scheduled-window",
                "schedule", Map.of("timezone", "America/Los_Angeles", "windows", List.of(window)))));
        assertEquals(200, scheduled.status(), scheduled.raw());
        assertEquals("America/Los_Angeles", scheduled.json().path("lifecyclePolicy").path("schedule").path("timezone").asText());
        assertEquals("scheduled-window", api.get(path, acme.ownerKey()).json().path("lifecyclePolicy").path("type").asText());

        assertInvalid(path, Map.of(), "type");
        assertInvalid(path, Map.of("type", "sometimes"), "type");
        assertInvalid(path, Map.of("type", "idle-shutdown", "idleTimeoutMinutes", 4), "idleTimeoutMinutes");
        assertInvalid(path, Map.of("type", "idle-shutdown", "idleTimeoutMinutes", 1441), "idleTimeoutMinutes");
        assertInvalid(path, Map.of("type", "idle-shutdown", "idleTimeoutMinutes", "soon"), "idleTimeoutMinutes");
        assertInvalid(path, Map.of("type", "scheduled-window"), "schedule");
        assertInvalid(path, schedule("Mars/Olympus", window), "schedule.timezone");
        assertInvalid(path, Map.of("type", "scheduled-window", "schedule", Map.of("timezone", "UTC", "windows", List.of())),
                "schedule.windows");
        assertInvalid(path, schedule("UTC", Map.of("days", List.of(7), "startTime", "09:00", "endTime", "17:00")),
                "schedule.windows[0].days");
        assertInvalid(path, schedule("UTC", Map.of("days", List.of(), "startTime", "09:00", "endTime", "17:00")),
                "schedule.windows[0].days");
        assertInvalid(path, schedule("UTC", Map.of("days", List.of(1), "startTime", "9:00", "endTime", "17:00")),
                "schedule.windows[0].startTime");
        assertInvalid(path, schedule("UTC", Map.of("days", List.of(1), "startTime", "09:00", "endTime", "25:00")),
                "schedule.windows[0].endTime");
        assertInvalid(path, schedule("UTC", Map.of("days", List.of(1), "startTime", "17:00", "endTime", "09:00")),
                "schedule.windows[0].endTime");
        assertEquals(403, api.put(path, acme.ownerKeyWith("workflows:read"), Api.json(Map.of("type", "on-demand"))).status());
    }

    private static Map<String, Object> schedule(String zone, Map<String, Object> window) {
        return Map.of("type", "scheduled-window", "schedule", Map.of("timezone", zone, "windows", List.of(window)));
    }

    private void assertInvalid(String path, Map<String, Object> body, String field) {
        var response = api.put(path, acme.ownerKey(), Api.json(body));
        assertEquals(400, response.status(), body + " -> " + response.raw());
        assertEquals(field, response.text("field"), response.raw());
    }

    @Test
    void discoverListsActiveDeployedWorkflowsOfAnApp() {
        String id = workflow(Map.of("appId", "app_marketplace_1"));
        workflow(Map.of("appId", "app_other"));
        assertEquals(0, api.get("/api/v1/workflows/discover?appId=app_marketplace_1", acme.ownerKey()).json().size(),
                "not deployed yet");
        assertEquals(200, api.post("/api/v1/workflows/" + id + "/deploy", acme.ownerKey(), "").status());
        var found = api.get("/api/v1/workflows/discover?appId=app_marketplace_1", acme.ownerKey());
        assertEquals(200, found.status(), found.raw());
        assertEquals(1, found.json().size());
        var entry = found.json().get(0);
        assertEquals(id, entry.path("id").asText());
        assertEquals("api", entry.path("trigger_type").asText());
        assertEquals("production", entry.path("mode").asText());
        assertEquals("POST", entry.path("endpoints").path("method").asText());
        assertTrue(entry.path("endpoints").path("proxy_url").asText().endsWith("/trigger"));
        assertEquals("workflow-" + id.replace('_', '-'), entry.path("deployment").path("pod_name").asText());
        var missing = api.get("/api/v1/workflows/discover", acme.ownerKey());
        assertEquals(400, missing.status());
        assertEquals("appId", missing.text("field"));
        assertEquals(0, api.get("/api/v1/workflows/discover?appId=app_marketplace_1", globex.ownerKey()).json().size());
    }
}
