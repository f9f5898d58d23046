package io.mgw.controlplane.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.mgw.adapters.contract.events.EventFactory;
import io.mgw.adapters.contract.events.EventJson;
import io.mgw.adapters.contract.events.RunEventType;
import io.mgw.controlplane.testing.Api;
import io.mgw.controlplane.testing.ControlPlaneTestSupport;
import io.mgw.controlplane.testing.Tenants;
import io.mgw.controlplane.testing.Tenants.Tenant;
import io.mgw.embedded.TestServices;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The run endpoints against a stand-in for the runtime's {@code POST /internal/executions} (the real runtime meets
 * control plane in deploy's end-to-end tests): validation, scope and tenancy in DESIGN's order, what is handed to
 * the runtime, the durable queue's dispatch, and {@code execution.event}s stored and served by
 * {@code GET /api/v1/executions/{id}}.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExecutionEndpointsIT implements TestPropertyProvider {

    static final ObjectMapper JSON = new ObjectMapper();
    final String stream = "mgw:events:exec-it:" + UUID.randomUUID();
    final List<JsonNode> submitted = new CopyOnWriteArrayList<>();
    volatile int runtimeStatus = 202;
    HttpServer runtime;
    @Inject
    EmbeddedServer server;
    Api api;
    Tenant acme;
    Tenant globex;
    RedisClient redis;
    StatefulRedisConnection<String, String> redisConnection;

    @Override
    public Map<String, String> getProperties() {
        try {
            runtime = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        runtime.createContext("/internal/executions", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            int status = runtimeStatus;
            if (status == 202) {
                submitted.add(body);
            }
            byte[] answer = ("{\"execution_id\":\"" + body.path("execution_id").asText() + "\",\"status\":\"running\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        runtime.start();
        Map<String, String> properties = new HashMap<>(ControlPlaneTestSupport.properties("executions"));
        properties.put("mgw.runtime-url", "http://127.0.0.1:" + runtime.getAddress().getPort());
        properties.put("mgw.events.stream", stream);
        properties.put("mgw.queue-poll-interval", "200ms");
        return properties;
    }

    @BeforeAll
    void tenants() {
        api = new Api(server.getURI());
        acme = Tenants.create(api, "acme");
        globex = Tenants.create(api, "globex");
        redis = RedisClient.create(TestServices.redisUrl());
        redisConnection = redis.connect();
    }

    @BeforeEach
    void runtimeAccepts() {
        runtimeStatus = 202;
    }

    @AfterAll
    void stop() {
        runtime.stop(0);
        redisConnection.sync().del(stream);
        redisConnection.close();
        redis.shutdown();
    }

    private String workflow(Tenant tenant, String trigger, Map<String, Object> triggerConfig, boolean active) {
        var created = api.post("/api/v1/workflows", tenant.ownerKey(), Api.json(Map.of("name", "runs " + trigger,
                "nodes", List.of(Map.of("id", "node_1", "nodeId", trigger, "config", triggerConfig),
                        Map.of("id", "node_2", "nodeId", "transform", "config", Map.of("mappings", Map.of("id", "data.id")))),
                "connections", List.of(Map.of("sourceNodeId", "node_1", "targetNodeId", "node_2")))));
        assertEquals(201, created.status(), created.raw());
        String id = created.text("workflowId");
        if (active) {
            var status = api.put("/api/v1/workflows/" + id + "/status", tenant.ownerKey(), Api.json(Map.of("status", "active")));
            assertEquals(200, status.status(), status.raw());
        }
        return id;
    }

    private JsonNode submittedFor(String executionId) {
        await("runtime received " + executionId, () -> submitted.stream()
                .anyMatch(b -> b.path("execution_id").asText().equals(executionId)));
        return submitted.stream().filter(b -> b.path("execution_id").asText().equals(executionId)).findFirst().orElseThrow();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private void publish(String org, String executionId, String workflowId, long seq, RunEventType type, ObjectNode payload) {
        var event = EventFactory.systemUtc().executionEvent(org, null, executionId, workflowId, seq, type, payload);
        redisConnection.sync().xadd(stream, EventJson.toStreamEntry(event));
    }

    private static ObjectNode payload(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ execute

    @Test
    void executeHandsTheGraphToTheRuntimeAndStoresTheRunsEventsOnce() {
        String id = workflow(acme, "api-trigger", Map.of(), false);
        var executed = api.post("/api/v1/workflows/" + id + "/execute", acme.ownerKey(),
                Api.json(Map.of("triggerInputs", Map.of("id", 7))));
        assertEquals(201, executed.status(), executed.raw());
        String executionId = executed.text("executionId");
        UUID.fromString(executionId);
        JsonNode request = submittedFor(executionId);
        assertEquals(acme.orgId(), request.path("organization_id").asText());
        assertEquals(id, request.path("workflow_id").asText());
        assertEquals(7, request.path("inputs").path("id").asInt());
        assertEquals("transform", request.path("definition").path("nodes").get(1).path("nodeId").asText());

        var queued = api.get("/api/v1/executions/" + executionId, acme.ownerKey());
        assertEquals(200, queued.status(), queued.raw());
        assertEquals("queued", queued.text("status"));

        publish(acme.orgId(), executionId, id, 1, RunEventType.RUN_STARTED, payload("{\"runId\":\"" + executionId + "\",\"workflowId\":\"" + id + "\"}"));
        publish(acme.orgId(), executionId, id, 2, RunEventType.STEP_STARTED, payload("{\"stepId\":\"node_2\",\"toolId\":\"transform\"}"));
        publish(acme.orgId(), executionId, id, 2, RunEventType.STEP_STARTED, payload("{\"stepId\":\"duplicate\",\"toolId\":\"x\"}"));
        publish(acme.orgId(), executionId, id, 3, RunEventType.STEP_COMPLETED, payload("{\"stepId\":\"node_2\",\"result\":{\"id\":7}}"));
        publish(acme.orgId(), executionId, id, 4, RunEventType.RUN_COMPLETED, payload("{\"runId\":\"" + executionId + "\",\"status\":\"completed\",\"output\":{\"id\":7}}"));
        publish(globex.orgId(), executionId, id, 5, RunEventType.RUN_FAILED, payload("{\"runId\":\"x\",\"error\":\"not yours\"}"));
        await("run completed", () -> "completed".equals(api.get("/api/v1/executions/" + executionId, acme.ownerKey()).text("status")));
        var run = api.get("/api/v1/executions/" + executionId, acme.ownerKey());
        assertEquals(7, run.json().path("output").path("id").asInt());
        assertNotNull(run.json().get("startedAt").asText());
        assertNotNull(run.json().get("finishedAt").asText());
        List<String> types = new java.util.ArrayList<>();
        run.json().path("events").forEach(e -> types.add(e.path("seq").asInt() + ":" + e.path("type").asText()));
        assertEquals(List.of("1:run_started", "2:step_started", "3:step_completed", "4:run_completed"), types);
        assertEquals("node_2", run.json().path("events").get(1).path("stepId").asText());
        assertEquals(404, api.get("/api/v1/executions/" + executionId, globex.ownerKey()).status());
    }

    @Test
    void executeRunsTheDefinitionOverride() {
        String id = workflow(acme, "api-trigger", Map.of(), false);
        var executed = api.post("/api/v1/workflows/" + id + "/execute", acme.ownerKey(), Api.json(Map.of("definition",
                Map.of("nodes", List.of(Map.of("id", "only", "nodeId", "api-trigger")), "connections", List.of()))));
        assertEquals(201, executed.status(), executed.raw());
        JsonNode request = submittedFor(executed.text("executionId"));
        assertEquals(1, request.path("definition").path("nodes").size());
        assertEquals("only", request.path("definition").path("nodes").get(0).path("id").asText());
    }

    @Test
    void executeChecksInDesignOrder() {
        String id = workflow(acme, "api-trigger", Map.of(), false);
        assertEquals(401, api.post("/api/v1/workflows/" + id + "/execute", null, "{}").status());
        var badId = api.post("/api/v1/workflows/bad!id/execute", acme.ownerKey(), "{}");
        assertEquals(400, badId.status(), badId.raw());
        var badDefinition = api.post("/api/v1/workflows/" + id + "/execute", acme.ownerKey(), "{\"definition\":[1]}");
        assertEquals(400, badDefinition.status(), badDefinition.raw());
        assertTrue(badDefinition.raw().contains("definition"), badDefinition.raw());
        var badInputs = api.post("/api/v1/workflows/" + id + "/execute", acme.ownerKey(), "{\"triggerInputs\":\"x\"}");
        assertEquals(400, badInputs.status(), badInputs.raw());
        String readOnly = acme.ownerKeyWith("workflows:read");
        assertEquals(403, api.post("/api/v1/workflows/" + id + "/execute", readOnly, "{}").status());
        assertEquals(404, api.post("/api/v1/workflows/" + id + "/execute", globex.ownerKey(), "{}").status());
        assertEquals(404, api.post("/api/v1/workflows/wf_doesnotexist0000000/execute", acme.ownerKey(), "{}").status());
    }

    @Test
    void executeWhenTheRuntimeRefusesIs503AndTheRunFailed() {
        String id = workflow(acme, "api-trigger", Map.of(), false);
        runtimeStatus = 500;
        var refused = api.post("/api/v1/workflows/" + id + "/execute", acme.ownerKey(), "{}");
        assertEquals(503, refused.status(), refused.raw());
        assertEquals("runtime_unavailable", refused.text("error"));
    }

    // ------------------------------------------------------------------ enqueue and email

    @Test
    void enqueueNeedsAnActiveWorkflowWithAQueueTrigger() {
        String draft = workflow(acme, "queue-trigger", Map.of(), false);
        var inactive = api.post("/api/v1/workflows/" + draft + "/enqueue", acme.ownerKey(), "{\"message\":{}}");
        assertEquals(409, inactive.status(), inactive.raw());
        assertTrue(inactive.text("message").contains("active"), inactive.raw());
        String noQueue = workflow(acme, "api-trigger", Map.of(), true);
        var missing = api.post("/api/v1/workflows/" + noQueue + "/enqueue", acme.ownerKey(), "{\"message\":{}}");
        assertEquals(409, missing.status(), missing.raw());
        assertTrue(missing.text("message").contains("queue-trigger"), missing.raw());
        var badPriority = api.post("/api/v1/workflows/" + draft + "/enqueue", acme.ownerKey(), "{\"priority\":\"high\"}");
        assertEquals(400, badPriority.status(), badPriority.raw());
        assertEquals(404, api.post("/api/v1/workflows/" + draft + "/enqueue", globex.ownerKey(), "{}").status());
        assertEquals(403, api.post("/api/v1/workflows/" + draft + "/enqueue", acme.ownerKeyWith("workflows:read"), "{}").status());
    }

    @Test
    void enqueuedMessagesAreDispatchedWithTheirPayload() {
        // Three messages whose runs never end here: the queue trigger lets three be in progress at once.
        String id = workflow(acme, "queue-trigger", Map.of("concurrency", 3), true);
        var message = api.post("/api/v1/workflows/" + id + "/enqueue", acme.ownerKey(),
                Api.json(Map.of("message", Map.of("orderId", "ord_1"), "priority", 5, "source", "crm")));
        assertEquals(201, message.status(), message.raw());
        assertEquals("queue", message.text("trigger_type"));
        assertEquals("ord_1", submittedFor(message.text("executionId")).path("inputs").path("orderId").asText());
        assertEquals("queue", submittedFor(message.text("executionId")).path("trigger_type").asText());
        var data = api.post("/api/v1/workflows/" + id + "/enqueue", acme.ownerKey(), Api.json(Map.of("data", Map.of("n", 2))));
        assertEquals(2, submittedFor(data.text("executionId")).path("inputs").path("n").asInt());
        var whole = api.post("/api/v1/workflows/" + id + "/enqueue", acme.ownerKey(), Api.json(Map.of("n", 3)));
        assertEquals(3, submittedFor(whole.text("executionId")).path("inputs").path("n").asInt());
        var run = api.get("/api/v1/executions/" + message.text("executionId"), acme.ownerKey());
        assertEquals("queue", run.text("triggerKind"));
        assertEquals("crm", run.text("triggerSource"));
    }

    @Test
    void enqueuedMessageWaitsWhileTheRuntimeIsDownAndIsDeliveredLater() {
        String id = workflow(acme, "queue-trigger", Map.of(), true);
        runtimeStatus = 503;
        var message = api.post("/api/v1/workflows/" + id + "/enqueue", acme.ownerKey(), Api.json(Map.of("message", Map.of("k", 1))));
        assertEquals(201, message.status(), message.raw());
        try {
            Thread.sleep(600);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertEquals("queued", api.get("/api/v1/executions/" + message.text("executionId"), acme.ownerKey()).text("status"));
        runtimeStatus = 202;
        assertEquals(1, submittedFor(message.text("executionId")).path("inputs").path("k").asInt());
    }

    @Test
    void emailTriggerAcceptsTheTextAndHtmlAliases() {
        String id = workflow(acme, "email-trigger", Map.of(), true);
        var email = api.post("/api/v1/workflows/" + id + "/email-trigger", acme.ownerKey(), Api.json(Map.of(
                "from", "a@example.com", "subject", "Invoice", "text", "plain", "html", "<p>x</p>")));
        assertEquals(201, email.status(), email.raw());
        assertEquals("email", email.text("trigger_type"));
        JsonNode inputs = submittedFor(email.text("executionId")).path("inputs");
        assertEquals("plain", inputs.path("body_text").asText());
        assertEquals("<p>x</p>", inputs.path("body_html").asText());
        assertEquals("Invoice", inputs.path("subject").asText());
        assertEquals(400, api.post("/api/v1/workflows/" + id + "/email-trigger", acme.ownerKey(), "{\"attachments\":{}}").status());
        String noEmail = workflow(acme, "api-trigger", Map.of(), true);
        assertEquals(409, api.post("/api/v1/workflows/" + noEmail + "/email-trigger", acme.ownerKey(), "{}").status());
    }

    // ------------------------------------------------------------------ events and trigger

    @Test
    void eventsRunEveryMatchingActiveWorkflowOfTheCallersOrganization() {
        String type = "user.created." + UUID.randomUUID().toString().substring(0, 6);
        String first = workflow(acme, "event-trigger", Map.of("eventType", type), true);
        String second = workflow(acme, "event-trigger", Map.of("eventType", type), true);
        workflow(acme, "event-trigger", Map.of("eventType", type), false);
        workflow(acme, "event-trigger", Map.of("eventType", "other.event"), true);
        workflow(globex, "event-trigger", Map.of("eventType", type), true);
        var emitted = api.post("/api/v1/workflows/events", acme.ownerKey(), Api.json(Map.of("event_type", type,
                "event_data", Map.of("userId", "u1"))));
        assertEquals(200, emitted.status(), emitted.raw());
        assertEquals(type, emitted.text("event_type"));
        assertEquals(2, emitted.json().path("workflows_triggered").asInt());
        assertEquals(0, emitted.json().path("workflows_failed").asInt());
        List<String> ids = new java.util.ArrayList<>();
        emitted.json().path("results").forEach(r -> ids.add(r.path("workflowId").asText()));
        assertEquals(List.of(first, second), ids);
        String executionId = emitted.json().path("results").get(0).path("executionId").asText();
        assertEquals("u1", submittedFor(executionId).path("inputs").path("data").path("userId").asText());

        runtimeStatus = 500;
        var failing = api.post("/api/v1/workflows/events", acme.ownerKey(), Api.json(Map.of("event_type", type)));
        assertEquals(0, failing.json().path("workflows_triggered").asInt());
        assertEquals(2, failing.json().path("workflows_failed").asInt());
    }

    @Test
    void eventsValidateTheBodyThenTheScope() {
        var missing = api.post("/api/v1/workflows/events", acme.ownerKey(), "{}");
        assertEquals(400, missing.status(), missing.raw());
        assertTrue(missing.raw().contains("event_type"));
        assertEquals(403, api.post("/api/v1/workflows/events", acme.ownerKeyWith("workflows:read"),
                "{\"event_type\":\"x\"}").status());
        var none = api.post("/api/v1/workflows/events", acme.ownerKey(), "{\"event_type\":\"nobody.listens\"}");
        assertEquals(200, none.status(), none.raw());
        assertEquals(0, none.json().path("workflows_triggered").asInt());
    }

    @Test
    void triggerOfAWorkflowThatIsNotDeployedIs409() {
        String id = workflow(acme, "api-trigger", Map.of(), false);
        var trigger = api.post("/api/v1/workflows/" + id + "/trigger", acme.ownerKey(), "{\"sync\":true}");
        assertEquals(409, trigger.status(), trigger.raw());
        assertTrue(trigger.text("message").contains("not deployed"), trigger.raw());
        assertEquals(400, api.post("/api/v1/workflows/" + id + "/trigger", acme.ownerKey(), "{\"sync\":\"yes\"}").status());
        assertEquals(404, api.post("/api/v1/workflows/" + id + "/trigger", globex.ownerKey(), "{}").status());
    }

    @Test
    void executionLookupValidatesItsId() {
        assertEquals(400, api.get("/api/v1/executions/not-a-uuid", acme.ownerKey()).status());
        assertEquals(404, api.get("/api/v1/executions/" + UUID.randomUUID(), acme.ownerKey()).status());
        assertEquals(401, api.get("/api/v1/executions/" + UUID.randomUUID(), null).status());
    }
}
