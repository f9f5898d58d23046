package io.mgw.controlplane.runstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mgw.adapters.contract.events.RunEventType;
import io.mgw.controlplane.events.Await;
import io.mgw.controlplane.testing.Api;
import io.mgw.controlplane.testing.ControlPlaneTestSupport;
import io.mgw.controlplane.testing.FakeRuntime;
import io.mgw.controlplane.testing.StreamReaders;
import io.mgw.controlplane.testing.StreamReaders.Read;
import io.mgw.controlplane.testing.Tenants;
import io.mgw.controlplane.testing.Tenants.Tenant;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The flow run stream against a stand-in runtime that plays the run's events onto the test's events stream: the
 * response starts before the run's first event with {@code flow-job-id}, each stored event is a JSON-array item read
 * incrementally, the two key forms and the both-keys 400, the error order, how the http-trigger's bodyFormat reads
 * the body, per-environment deployments, and the cut-off at the (here lowered) limit. Real runs on the real runtime
 * are in deploy's FlowRunStreamE2EIT.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlowRunStreamIT implements TestPropertyProvider {

    private static final Duration LIMIT = Duration.ofMillis(2500);
    private static final Duration WAIT = Duration.ofSeconds(15);

    final String stream = "mgw:events:flow-it:" + UUID.randomUUID();
    final HttpClient http = HttpClient.newHttpClient();
    FakeRuntime runtime;
    @Inject
    EmbeddedServer server;
    Api api;
    Tenant acme;
    Tenant globex;
    String acmeWorkspace;

    @Override
    public Map<String, String> getProperties() {
        runtime = new FakeRuntime();
        Map<String, String> properties = new HashMap<>(ControlPlaneTestSupport.properties("flow_stream"));
        properties.put("mgw.runtime-url", runtime.url());
        properties.put("mgw.events.stream", stream);
        properties.put("mgw.run-streams.flow-max-duration", LIMIT.toMillis() + "ms");
        properties.put("mgw.run-streams.heartbeat", "500ms");
        // Far beyond every wait below: events must arrive through the Pub/Sub announcement, not a poll.
        properties.put("mgw.run-streams.poll-interval", "10m");
        return properties;
    }

    @BeforeAll
    void tenants() {
        api = new Api(server.getURI());
        acme = Tenants.create(api, "acme");
        globex = Tenants.create(api, "globex");
        acmeWorkspace = defaultWorkspace(acme);
    }

    @AfterAll
    void stop() {
        runtime.close();
    }

    private String defaultWorkspace(Tenant tenant) {
        var list = api.get("/api/v1/workspaces", tenant.ownerKey());
        assertEquals(200, list.status(), list.raw());
        return list.json().path("items").get(0).path("id").asText();
    }

    private String flow(Tenant tenant, String workspaceId, Map<String, Object> triggerConfig) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "flow",
                "nodes", List.of(Map.of("id", "t", "nodeId", "http-trigger", "config", triggerConfig),
                        Map.of("id", "s", "nodeId", "set", "config", Map.of("values", Map.of("done", true)))),
                "connections", List.of(Map.of("sourceNodeId", "t", "targetNodeId", "s"))));
        if (workspaceId != null) {
            body.put("workspaceId", workspaceId);
        }
        var created = api.post("/api/v1/workflows", tenant.ownerKey(), Api.json(body));
        assertEquals(201, created.status(), created.raw());
        return created.text("workflowId");
    }

    private String path(Tenant tenant, String workspaceId, String flowId, String query) {
        return "/api/v1/tenants/" + tenant.orgId() + "/workspaces/" + workspaceId + "/flows/" + flowId + "/stream" + query;
    }

    private HttpResponse<InputStream> open(String path, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.getURI().resolve(path)).timeout(WAIT)
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String text(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The request the stand-in runtime got for a run (a draft submission or a deployment trigger). */
    private FakeRuntime.Call handedOver(String executionId) {
        Await.until("the runtime got run " + executionId, () -> runtime.calls().stream()
                .anyMatch(c -> c.body().contains(executionId)));
        return runtime.calls().stream().filter(c -> c.body().contains(executionId)).findFirst().orElseThrow();
    }

    private void emit(Tenant tenant, String executionId, String flowId, long seq, RunEventType type, String payload) {
        runtime.emit(stream, tenant.orgId(), executionId, flowId, seq, type, payload);
    }

    private void finish(Tenant tenant, String executionId, String flowId) {
        emit(tenant, executionId, flowId, 1, RunEventType.RUN_STARTED, "{\"runId\":\"" + executionId + "\"}");
        emit(tenant, executionId, flowId, 2, RunEventType.RUN_COMPLETED, "{\"runId\":\"" + executionId
                + "\",\"status\":\"completed\"}");
    }

    @Test
    void theAnswerStartsAtOnceWithTheJobIdAndEachEventArrivesAsAnArrayItemWhileTheRunGoesOn() {
        String flowId = flow(acme, null, Map.of());
        var response = open(path(acme, acmeWorkspace, flowId, "?env=Development"),
                Map.of("x-api-key", acme.ownerKey(), "Content-Type", "application/json"),
                "{\"order\":42}".getBytes(StandardCharsets.UTF_8));
        // The headers are here although the run has not reported anything yet.
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        String jobId = response.headers().firstValue("flow-job-id").orElseThrow();
        UUID.fromString(jobId);
        JsonNode submitted = handedOver(jobId).json();
        assertEquals("http", submitted.path("trigger_type").asText());
        assertEquals(42, submitted.path("inputs").path("order").asInt());
        assertEquals(LIMIT.toMillis() / 1000.0, submitted.path("definition").path("settings").path("timeout").asDouble(),
                "a draft run's own time limit is the stream's");

        StreamReaders.JsonArray items = new StreamReaders.JsonArray(response.body());
        emit(acme, jobId, flowId, 1, RunEventType.RUN_STARTED, "{\"runId\":\"" + jobId + "\",\"workflowId\":\"" + flowId + "\"}");
        Read<JsonNode> first = items.next(WAIT);
        assertEquals("run_started", first.value().path("type").asText());
        assertEquals(1, first.value().path("seq").asInt());
        assertEquals(flowId, first.value().path("workflowId").asText());
        // Only once the first item has been read does the run go on: the stream is incremental, not buffered.
        emit(acme, jobId, flowId, 2, RunEventType.STEP_STARTED, "{\"stepId\":\"t\",\"toolId\":\"http-trigger\"}");
        assertEquals("step_started", items.next(WAIT).value().path("type").asText());
        emit(acme, jobId, flowId, 3, RunEventType.STEP_COMPLETED, "{\"stepId\":\"t\",\"result\":{\"order\":42}}");
        emit(acme, jobId, flowId, 4, RunEventType.RUN_COMPLETED, "{\"runId\":\"" + jobId
                + "\",\"status\":\"completed\",\"output\":{\"order\":42}}");
        List<JsonNode> rest = items.rest(WAIT);
        assertEquals(List.of(3, 4), rest.stream().map(i -> i.path("seq").asInt()).toList());
        assertEquals(42, rest.get(0).path("result").path("order").asInt());
        assertEquals("completed", rest.get(1).path("status").asText());

        var log = api.get("/api/v1/executions/" + jobId, acme.ownerKey());
        assertEquals(200, log.status(), log.raw());
        assertEquals("completed", log.text("status"));
        assertEquals(4, log.json().path("events").size());
    }

    @Test
    void theKeyMayComeAsTheApiKeyQueryParameterButNeverInBothPlaces() {
        String flowId = flow(acme, null, Map.of());
        var byQuery = open(path(acme, acmeWorkspace, flowId, "?env=0&api_key=" + acme.ownerKey()), Map.of(), null);
        assertEquals(200, byQuery.statusCode());
        String jobId = byQuery.headers().firstValue("flow-job-id").orElseThrow();
        finish(acme, jobId, flowId);
        assertEquals(List.of("run_started", "run_completed"), new StreamReaders.JsonArray(byQuery.body()).rest(WAIT)
                .stream().map(i -> i.path("type").asText()).toList());

        // A browser pasting the address sends a GET with the key in the query.
        HttpResponse<InputStream> browser;
        try {
            browser = http.send(HttpRequest.newBuilder(server.getURI().resolve(path(acme, acmeWorkspace, flowId,
                    "?env=development&api_key=" + acme.ownerKey()))).timeout(WAIT).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        assertEquals(200, browser.statusCode());
        String browserJob = browser.headers().firstValue("flow-job-id").orElseThrow();
        assertEquals("{}", handedOver(browserJob).json().path("inputs").toString());
        finish(acme, browserJob, flowId);
        assertEquals(2, new StreamReaders.JsonArray(browser.body()).rest(WAIT).size());

        var both = open(path(acme, acmeWorkspace, flowId, "?env=0&api_key=" + acme.ownerKey()),
                Map.of("x-api-key", acme.ownerKey()), null);
        assertEquals(400, both.statusCode());
        assertTrue(text(both).contains("\"error\":\"bad_request\""));
        var neither = open(path(acme, acmeWorkspace, flowId, "?env=0"), Map.of(), null);
        assertEquals(401, neither.statusCode());
        assertTrue(text(neither).contains("\"error\":\"unauthorized\""));
        // Routes that do not document the query form ignore it.
        assertEquals(401, api.get("/api/v1/workflows?api_key=" + acme.ownerKey(), null).status());
    }

    @Test
    void checksRunInDesignOrder() {
        String flowId = flow(acme, null, Map.of());
        String readOnly = acme.ownerKeyWith("workflows:read");
        Map<String, String> owner = Map.of("x-api-key", acme.ownerKey());
        // 401 before a malformed env.
        assertEquals(401, open(path(acme, acmeWorkspace, flowId, "?env=Staging"), Map.of("x-api-key", "mgw_unknown_key_0123456789"), null).statusCode());
        for (String env : List.of("?env=Staging", "?env=3", "?env=", "", "?env=prod")) {
            var bad = open(path(acme, acmeWorkspace, flowId, env), owner, null);
            assertEquals(400, bad.statusCode(), env);
            assertTrue(text(bad).contains("\"field\":\"env\""), env);
        }
        // 400 before the missing scope, 403 before existence.
        assertEquals(400, open(path(acme, acmeWorkspace, flowId, "?env=Staging"), Map.of("x-api-key", readOnly), null).statusCode());
        assertEquals(403, open(path(acme, acmeWorkspace, "wf_doesnotexist000000", "?env=Test"), Map.of("x-api-key", readOnly), null).statusCode());
        assertEquals(400, open(path(acme, acmeWorkspace, "bad!id", "?env=Test"), owner, null).statusCode());
        // Another tenant, an unknown workspace, a flow of another workspace or organization: 404.
        assertEquals(404, open(path(globex, acmeWorkspace, flowId, "?env=Test"), owner, null).statusCode());
        assertEquals(404, open(path(acme, "ws_doesnotexist000000", flowId, "?env=Test"), owner, null).statusCode());
        String otherWorkspace = api.post("/api/v1/workspaces", acme.ownerKey(), "{\"name\":\"ops\"}").text("id");
        assertEquals(404, open(path(acme, otherWorkspace, flowId, "?env=Test"), owner, null).statusCode());
        String globexFlow = flow(globex, null, Map.of());
        assertEquals(404, open(path(acme, acmeWorkspace, globexFlow, "?env=Test"), owner, null).statusCode());
        // Then the flow's state: not deployed to Test, no http-trigger.
        var notDeployed = open(path(acme, acmeWorkspace, flowId, "?env=Test"), owner, null);
        assertEquals(409, notDeployed.statusCode());
        assertTrue(text(notDeployed).contains("deploy?env=test"));
        var noTrigger = api.post("/api/v1/workflows", acme.ownerKey(), Api.json(Map.of("name", "no trigger",
                "nodes", List.of(Map.of("id", "a", "nodeId", "api-trigger")))));
        var conflict = open(path(acme, acmeWorkspace, noTrigger.text("workflowId"), "?env=Development"), owner, null);
        assertEquals(409, conflict.statusCode());
        assertTrue(text(conflict).contains("http-trigger"));
    }

    @Test
    void eachEnvironmentRunsItsOwnDeployment() {
        String flowId = flow(acme, null, Map.of());
        var test = api.post("/api/v1/workflows/" + flowId + "/deploy?env=Test", acme.ownerKey(), "");
        assertEquals(200, test.status(), test.raw());
        var production = api.post("/api/v1/workflows/" + flowId + "/deploy?env=2", acme.ownerKey(), "");
        assertEquals(200, production.status(), production.raw());
        assertEquals(400, api.post("/api/v1/workflows/" + flowId + "/deploy?env=staging", acme.ownerKey(), "").status());
        List<String> deployed = runtime.callsTo("/internal/deployments/").stream()
                .filter(c -> c.body().contains(flowId)).map(FakeRuntime.Call::path).distinct().toList();
        assertEquals(2, deployed.size(), deployed.toString());

        for (String env : List.of("test", "PRODUCTION")) {
            var response = open(path(acme, acmeWorkspace, flowId, "?env=" + env), Map.of("x-api-key", acme.ownerKey()), null);
            assertEquals(200, response.statusCode(), env);
            String jobId = response.headers().firstValue("flow-job-id").orElseThrow();
            FakeRuntime.Call trigger = handedOver(jobId);
            assertTrue(trigger.path().matches("/deployments/dep_[a-z0-9]+/trigger"), trigger.path());
            assertEquals("http", trigger.json().path("trigger_type").asText());
            assertEquals(LIMIT.toMillis(), trigger.json().path("timeout_ms").asLong(), "the pod ends the run at the limit too");
            finish(acme, jobId, flowId);
            assertEquals(2, new StreamReaders.JsonArray(response.body()).rest(WAIT).size());
            var log = api.get("/api/v1/executions/" + jobId, acme.ownerKey());
            assertEquals("completed", log.text("status"), log.raw());
        }
        List<String> triggered = runtime.callsTo("/deployments/").stream().map(FakeRuntime.Call::path).distinct().toList();
        assertEquals(2, triggered.size(), "Test and Production are separate deployments: " + triggered);
    }

    @Test
    void theBodyIsReadTheWayTheHttpTriggerDeclares() {
        Map<String, String> json = Map.of("x-api-key", acme.ownerKey(), "Content-Type", "application/json");
        String jsonFlow = flow(acme, null, Map.of("bodyFormat", "json"));
        assertEquals("{\"body\":[1,2]}", inputOf(jsonFlow, json, "[1,2]".getBytes(StandardCharsets.UTF_8)).toString());
        assertEquals("{\"a\":1}", inputOf(jsonFlow, json, "{\"a\":1}".getBytes(StandardCharsets.UTF_8)).toString());
        assertEquals("{}", inputOf(jsonFlow, json, null).toString());
        var malformed = open(path(acme, acmeWorkspace, jsonFlow, "?env=Development"), json,
                "{\"order\":".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, malformed.statusCode());
        assertTrue(text(malformed).contains("\"field\":\"(body)\""));

        String textFlow = flow(acme, null, Map.of("bodyFormat", "text"));
        JsonNode text = inputOf(textFlow, Map.of("x-api-key", acme.ownerKey(), "Content-Type", "text/plain; charset=utf-8"),
                "héllo\nwörld".getBytes(StandardCharsets.UTF_8));
        assertEquals("héllo\nwörld", text.path("body").asText());
        assertEquals("text/plain;charset=utf-8", text.path("contentType").asText().replace(" ", ""));

        String binaryFlow = flow(acme, null, Map.of("bodyFormat", "binary"));
        byte[] bytes = {0, (byte) 0xff, 10, 13, (byte) 0x80};
        JsonNode binary = inputOf(binaryFlow, Map.of("x-api-key", acme.ownerKey(), "Content-Type", "application/octet-stream"),
                bytes);
        assertEquals(Base64.getEncoder().encodeToString(bytes), binary.path("body").asText());
        assertEquals(5, binary.path("size").asInt());
        assertEquals("application/octet-stream", binary.path("contentType").asText());

        String badFormat = flow(acme, null, Map.of("bodyFormat", "xml"));
        assertEquals(409, open(path(acme, acmeWorkspace, badFormat, "?env=Development"), json, null).statusCode());
    }

    private JsonNode inputOf(String flowId, Map<String, String> headers, byte[] body) {
        var response = open(path(acme, acmeWorkspace, flowId, "?env=Development"), headers, body);
        assertEquals(200, response.statusCode());
        String jobId = response.headers().firstValue("flow-job-id").orElseThrow();
        JsonNode inputs = handedOver(jobId).json().path("inputs");
        finish(acme, jobId, flowId);
        new StreamReaders.JsonArray(response.body()).rest(WAIT);
        return inputs;
    }

    @Test
    void aRunPastTheLimitIsCutOffWithAFinalErrorItemAndRecordedAsTimedOut() {
        String flowId = flow(acme, null, Map.of());
        long start = System.nanoTime();
        var response = open(path(acme, acmeWorkspace, flowId, "?env=Development"), Map.of("x-api-key", acme.ownerKey()), null);
        String jobId = response.headers().firstValue("flow-job-id").orElseThrow();
        StreamReaders.JsonArray items = new StreamReaders.JsonArray(response.body());
        emit(acme, jobId, flowId, 1, RunEventType.RUN_STARTED, "{\"runId\":\"" + jobId + "\"}");
        assertEquals("run_started", items.next(WAIT).value().path("type").asText());
        Read<JsonNode> last = items.next(WAIT);
        long elapsed = Duration.ofNanos(last.atNanos() - start).toMillis();
        assertEquals("run_timeout", last.value().path("error").asText(), last.value().toString());
        assertTrue(last.value().path("message").asText().contains("2500 ms"), last.value().toString());
        assertTrue(elapsed >= LIMIT.toMillis() - 100 && elapsed < LIMIT.toMillis() + 5000, "cut off after " + elapsed + " ms");
        assertNull(items.next(WAIT), "the error item is the last");
        var log = api.get("/api/v1/executions/" + jobId, acme.ownerKey());
        assertEquals("timed_out", log.text("status"), log.raw());
        assertNotNull(log.json().get("finishedAt").asText());
        // Events after the cut-off are still kept in the run's log; the run stays timed out.
        emit(acme, jobId, flowId, 2, RunEventType.RUN_COMPLETED, "{\"runId\":\"" + jobId + "\",\"status\":\"completed\"}");
        Await.until("the late event is stored", () -> api.get("/api/v1/executions/" + jobId, acme.ownerKey()).json()
                .path("events").size() == 2);
        assertEquals("timed_out", api.get("/api/v1/executions/" + jobId, acme.ownerKey()).text("status"));
    }

    @Test
    void aQuietRunKeepsTheArrayAliveWithWhitespaceAndTheExecuteKeyReadsTheLog() throws Exception {
        String executeOnly = acme.ownerKeyWith("workflows:execute");
        String flowId = flow(acme, null, Map.of());
        var response = open(path(acme, acmeWorkspace, flowId, "?env=Development"), Map.of("x-api-key", executeOnly), null);
        String jobId = response.headers().firstValue("flow-job-id").orElseThrow();
        InputStream body = response.body();
        // Nothing has happened for three heartbeats: the client has "[" and whitespace only.
        byte[] quiet = new byte[4];
        int read = 0;
        while (read < quiet.length) {
            int n = body.read(quiet, read, quiet.length - read);
            assertTrue(n > 0);
            read += n;
        }
        assertEquals("[\n\n\n", new String(quiet, StandardCharsets.US_ASCII));
        finish(acme, jobId, flowId);
        List<JsonNode> items = new StreamReaders.JsonArray(new java.io.SequenceInputStream(
                new java.io.ByteArrayInputStream(quiet), body)).rest(WAIT);
        assertEquals(2, items.size());
        var log = api.get("/api/v1/executions/" + jobId, executeOnly);
        assertEquals(200, log.status(), log.raw());
        assertEquals(403, api.get("/api/v1/executions/" + jobId, acme.ownerKeyWith("telephony:read")).status());
    }

    @Test
    void workspacesAreCreatedAndListedAndFlowsLiveInThem() {
        var list = api.get("/api/v1/workspaces", globex.ownerKey());
        assertEquals(1, list.json().path("count").asInt(), list.raw());
        assertTrue(list.json().path("items").get(0).path("isDefault").asBoolean());
        var created = api.post("/api/v1/workspaces", globex.ownerKey(), "{\"name\":\"Support\"}");
        assertEquals(201, created.status(), created.raw());
        String workspace = created.text("id");
        assertTrue(workspace.startsWith("ws_"));
        assertEquals(409, api.post("/api/v1/workspaces", globex.ownerKey(), "{\"name\":\"support\"}").status());
        assertEquals(400, api.post("/api/v1/workspaces", globex.ownerKey(), "{\"name\":\"\"}").status());
        assertEquals(403, api.post("/api/v1/workspaces", globex.ownerKeyWith("workflows:write"), "{\"name\":\"x\"}").status());
        var listed = api.get("/api/v1/workspaces", globex.ownerKey());
        assertEquals(2, listed.json().path("count").asInt());
        assertEquals(200, api.get("/api/v1/workspaces/" + workspace, globex.ownerKey()).status());
        assertEquals(404, api.get("/api/v1/workspaces/" + workspace, acme.ownerKey()).status());

        String flowId = flow(globex, workspace, Map.of());
        assertEquals(workspace, api.get("/api/v1/workflows/" + flowId, globex.ownerKey()).text("workspaceId"));
        var response = open(path(globex, workspace, flowId, "?env=Development"), Map.of("x-api-key", globex.ownerKey()), null);
        assertEquals(200, response.statusCode());
        String jobId = response.headers().firstValue("flow-job-id").orElseThrow();
        finish(globex, jobId, flowId);
        assertEquals(2, new StreamReaders.JsonArray(response.body()).rest(WAIT).size());
    }
}
