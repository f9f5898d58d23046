package io.mgw.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgw.embedded.TestServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Batch runs across the real processes: control plane hands runs to the real runtime, whose events come back over
 * Redis into PostgreSQL and out of {@code GET /api/v1/executions/{id}}; sync trigger; events; and a queued message
 * that was stored while the whole system was down is run once it is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkflowExecutionE2EIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, String> env = new HashMap<>();
    private String databaseUrl;
    private Mgw mgw;

    @BeforeAll
    void start() throws Exception {
        databaseUrl = TestServices.createDatabase("e2e_exec");
        env.put("DATABASE_URL", databaseUrl);
        env.put("REDIS_URL", TestServices.redisUrl());
        env.put("MGW_DATA_DIR", Files.createTempDirectory("mgw-e2e-exec").toString());
        env.put("MGW_CONTROL_PLANE_PORT", "0");
        env.put("MGW_GATEWAY_PORT", "0");
        env.put("MGW_RUNTIME_PORT", "0");
        env.put("MGW_POD_ID", "pod-e2e-exec-" + System.nanoTime());
        // Its own events stream, so other test processes' consumers never take these runs' events.
        env.put("MGW_EVENTS_STREAM", "mgw:events:e2e-exec:" + UUID.randomUUID());
        mgw = Mgw.start("up", env);
    }

    @AfterAll
    void stop() {
        if (mgw != null) {
            mgw.close();
        }
    }

    private JsonNode call(String method, String path, Object body, int expectedStatus) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(mgw.controlPlaneUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .header("X-API-Key", mgw.adminKey()).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expectedStatus, response.statusCode(), method + " " + path + ": " + response.body());
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    private String workflow(String trigger, Map<String, Object> triggerConfig) throws Exception {
        JsonNode created = call("POST", "/api/v1/workflows", Map.of("name", "e2e " + trigger,
                "nodes", List.of(Map.of("id", "t", "nodeId", trigger, "config", triggerConfig),
                        Map.of("id", "x", "nodeId", "transform", "config",
                                Map.of("mappings", Map.of("userId", "data.user.id", "first", "items[0].name")))),
                "connections", List.of(Map.of("sourceNodeId", "t", "targetNodeId", "x"))), 201);
        return created.path("workflowId").asText();
    }

    private JsonNode awaitFinished(String executionId) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        JsonNode run = null;
        while (Instant.now().isBefore(deadline)) {
            run = call("GET", "/api/v1/executions/" + executionId, null, 200);
            if (run.path("status").asText().equals("completed") || run.path("status").asText().equals("failed")) {
                return run;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + executionId + " did not finish: " + run);
    }

    private static List<String> eventTypes(JsonNode run) {
        List<String> types = new ArrayList<>();
        run.path("events").forEach(e -> types.add(e.path("type").asText()
                + (e.has("stepId") ? ":" + e.path("stepId").asText() : "")));
        return types;
    }

    @Test
    void executeRunsTheTransformOnTheRuntimeAndTheRunComesBackWithItsEvents() throws Exception {
        String id = workflow("api-trigger", Map.of());
        JsonNode executed = call("POST", "/api/v1/workflows/" + id + "/execute",
                Map.of("triggerInputs", Map.of("user", Map.of("id", 42), "items", List.of(Map.of("name", "pen")))), 201);
        String executionId = executed.path("executionId").asText();
        JsonNode run = awaitFinished(executionId);
        assertEquals("completed", run.path("status").asText(), run.toString());
        assertEquals(42, run.path("output").path("userId").asInt());
        assertEquals("pen", run.path("output").path("first").asText());
        // The terminal event may be stored a moment before the last ones are listed; wait for all six.
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (run.path("events").size() < 6 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            run = call("GET", "/api/v1/executions/" + executionId, null, 200);
        }
        assertEquals(List.of("run_started", "step_started:t", "step_completed:t", "step_started:x", "step_completed:x",
                "run_completed"), eventTypes(run));
        for (int i = 0; i < run.path("events").size(); i++) {
            assertEquals(i + 1, run.path("events").get(i).path("seq").asInt());
        }
    }

    @Test
    void syncTriggerOfTheProductionDeploymentReturnsTheOutput() throws Exception {
        String id = workflow("api-trigger", Map.of());
        call("POST", "/api/v1/workflows/" + id + "/deploy", null, 200);
        JsonNode triggered = call("POST", "/api/v1/workflows/" + id + "/trigger",
                Map.of("inputs", Map.of("user", Map.of("id", 9), "items", List.of()), "sync", true), 200);
        assertEquals("completed", triggered.path("status").asText(), triggered.toString());
        assertFalse(triggered.has("error"), "no error field on success: " + triggered);
        assertEquals(id, triggered.path("workflow_id").asText());
        assertEquals(9, triggered.path("output").path("userId").asInt());
        String executionId = triggered.path("execution_id").asText();
        assertEquals("completed", awaitFinished(executionId).path("status").asText());

        JsonNode async = call("POST", "/api/v1/workflows/" + id + "/trigger", Map.of("inputs", Map.of()), 200);
        assertEquals("started", async.path("status").asText());
        awaitFinished(async.path("execution_id").asText());

        call("POST", "/api/v1/workflows/" + id + "/stop", null, 200);
        JsonNode refused = call("POST", "/api/v1/workflows/" + id + "/trigger", Map.of("sync", true), 409);
        assertTrue(refused.path("message").asText().contains("lifecycle policy"), refused.toString());
        call("PUT", "/api/v1/workflows/" + id + "/lifecycle", Map.of("type", "on-demand", "idleTimeoutMinutes", 15), 200);
        JsonNode autoStarted = call("POST", "/api/v1/workflows/" + id + "/trigger",
                Map.of("inputs", Map.of("user", Map.of("id", 10)), "sync", true), 200);
        assertEquals(10, autoStarted.path("output").path("userId").asInt(), autoStarted.toString());
    }

    @Test
    void aSyncTriggerWhoseRunFailsSaysWhy() throws Exception {
        String id = call("POST", "/api/v1/workflows", Map.of("name", "e2e failing",
                "nodes", List.of(Map.of("id", "t", "nodeId", "api-trigger"),
                        Map.of("id", "q", "nodeId", "postgres-query", "config", Map.of("dataSource", "nowhere", "query", "SELECT 1"))),
                "connections", List.of(Map.of("sourceNodeId", "t", "targetNodeId", "q"))), 201).path("workflowId").asText();
        call("POST", "/api/v1/workflows/" + id + "/deploy", null, 200);
        JsonNode triggered = call("POST", "/api/v1/workflows/" + id + "/trigger", Map.of("sync", true), 200);
        assertEquals("failed", triggered.path("status").asText(), triggered.toString());
        assertTrue(triggered.path("error").asText().contains("nowhere"), "the pod's reason reaches the caller: " + triggered);
    }

    @Test
    void eventsRunEveryMatchingActiveWorkflow() throws Exception {
        String type = "order.paid." + UUID.randomUUID().toString().substring(0, 6);
        String first = workflow("event-trigger", Map.of("eventType", type));
        String second = workflow("event-trigger", Map.of("eventType", type));
        for (String id : List.of(first, second)) {
            call("PUT", "/api/v1/workflows/" + id + "/status", Map.of("status", "active"), 200);
        }
        JsonNode emitted = call("POST", "/api/v1/workflows/events", Map.of("event_type", type,
                "event_data", Map.of("user", Map.of("id", 5))), 200);
        assertEquals(2, emitted.path("workflows_triggered").asInt(), emitted.toString());
        assertEquals(0, emitted.path("workflows_failed").asInt());
        for (JsonNode result : emitted.path("results")) {
            JsonNode run = awaitFinished(result.path("executionId").asText());
            assertEquals("completed", run.path("status").asText(), run.toString());
            assertEquals(5, run.path("output").path("userId").asInt(), run.toString());
        }
    }

    @Test
    void aMessageQueuedWhileTheSystemIsDownRunsWhenItIsBack() throws Exception {
        String id = workflow("queue-trigger", Map.of());
        call("PUT", "/api/v1/workflows/" + id + "/status", Map.of("status", "active"), 200);
        JsonNode enqueued = call("POST", "/api/v1/workflows/" + id + "/enqueue",
                Map.of("message", Map.of("user", Map.of("id", 1))), 201);
        assertEquals("queue", enqueued.path("trigger_type").asText());
        assertEquals(1, awaitFinished(enqueued.path("executionId").asText()).path("output").path("userId").asInt());

        String organizationId = call("GET", "/api/v1/workflows/" + id, null, 200).path("organizationId").asText();
        mgw.close();
        mgw = null;
        UUID executionId = UUID.randomUUID();
        try (Connection db = DriverManager.getConnection(databaseUrl)) {
            try (PreparedStatement run = db.prepareStatement("INSERT INTO executions (id, organization_id, workflow_id,"
                    + " trigger_kind, trigger_source, inputs) VALUES (?, ?, ?, 'queue', 'rest_api', CAST(? AS jsonb))")) {
                run.setObject(1, executionId);
                run.setString(2, organizationId);
                run.setString(3, id);
                run.setString(4, "{\"user\":{\"id\":77}}");
                run.executeUpdate();
            }
            try (PreparedStatement message = db.prepareStatement("INSERT INTO queue_messages (organization_id, workflow_id,"
                    + " execution_id, payload) VALUES (?, ?, ?, CAST(? AS jsonb))")) {
                message.setString(1, organizationId);
                message.setString(2, id);
                message.setObject(3, executionId);
                message.setString(4, "{\"user\":{\"id\":77}}");
                message.executeUpdate();
            }
        }
        mgw = Mgw.start("up", env);
        JsonNode run = awaitFinished(executionId.toString());
        assertEquals("completed", run.path("status").asText(), run.toString());
        assertEquals(77, run.path("output").path("userId").asInt());
    }
}
