package io.mgw.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgw.embedded.TestServices;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The live run streams on real runs: the real runtime runs a flow with a {@code delay} node between two steps and
 * reports it over {@code mgw:events}; the control plane stores the events and streams them. The flow stream is read
 * item by item with Jackson's streaming parser over the JDK client's body stream, the SSE stream line by line; both
 * deliver the first events a whole delay before the run ends. The flow stream's limit is lowered to
 * {@value #LIMIT_SECONDS} s ({@code MGW_FLOW_STREAM_MAX_SECONDS}) so the cut-off is observable.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunStreamsE2EIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LIMIT_SECONDS = 6;
    private static final long DELAY_MS = 1500;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String WORKSPACE = "ws_default";
    private static final String TENANT = "org_default";

    private final HttpClient http = HttpClient.newHttpClient();
    private Mgw mgw;
    private String flowId;

    @BeforeAll
    void start() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", TestServices.createDatabase("e2e_streams"));
        env.put("REDIS_URL", TestServices.redisUrl());
        env.put("MGW_DATA_DIR", Files.createTempDirectory("mgw-e2e-streams").toString());
        env.put("MGW_CONTROL_PLANE_PORT", "0");
        env.put("MGW_GATEWAY_PORT", "0");
        env.put("MGW_RUNTIME_PORT", "0");
        env.put("MGW_POD_ID", "pod-e2e-streams-" + System.nanoTime());
        env.put("MGW_EVENTS_STREAM", "mgw:events:e2e-streams:" + UUID.randomUUID());
        env.put("MGW_FLOW_STREAM_MAX_SECONDS", Integer.toString(LIMIT_SECONDS));
        mgw = Mgw.start("up", env);
        flowId = flow(DELAY_MS);
        call("POST", "/api/v1/workflows/" + flowId + "/deploy?env=Production", null, 200);
    }

    @AfterAll
    void stop() {
        if (mgw != null) {
            mgw.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    private JsonNode call(String method, String path, Object body, int expectedStatus) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(mgw.controlPlaneUrl() + path)).timeout(WAIT)
                .header("X-API-Key", mgw.adminKey()).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expectedStatus, response.statusCode(), method + " " + path + ": " + response.body());
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    /** http-trigger, set {@code a}, delay, set {@code b}: the first steps are done a whole delay before the end. */
    private String flow(long delayMs) throws Exception {
        JsonNode created = call("POST", "/api/v1/workflows", Map.of("name", "streamed " + delayMs,
                "nodes", List.of(Map.of("id", "t", "nodeId", "http-trigger"),
                        Map.of("id", "a", "nodeId", "set", "config", Map.of("values", Map.of("a", 1))),
                        Map.of("id", "d", "nodeId", "delay", "config", Map.of("durationMs", delayMs)),
                        Map.of("id", "b", "nodeId", "set", "config", Map.of("values", Map.of("b", 2)))),
                "connections", List.of(Map.of("sourceNodeId", "t", "targetNodeId", "a"),
                        Map.of("sourceNodeId", "a", "targetNodeId", "d"),
                        Map.of("sourceNodeId", "d", "targetNodeId", "b"))), 201);
        return created.path("workflowId").asText();
    }

    private String streamPath(String flow, String query) {
        return "/api/v1/tenants/" + TENANT + "/workspaces/" + WORKSPACE + "/flows/" + flow + "/stream" + query;
    }

    private HttpResponse<InputStream> open(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private HttpResponse<InputStream> postStream(String flow, String query, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(mgw.controlPlaneUrl() + streamPath(flow, query)))
                .header("Content-Type", "application/json").POST(body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("x-api-key", key);
        }
        return open(request);
    }

    private record Timed(JsonNode value, long atNanos) {
    }

    /** Reads the array's items on a thread of its own as they arrive; an empty node marks the array's end. */
    private static BlockingQueue<Timed> readArray(InputStream body) {
        BlockingQueue<Timed> items = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (JsonParser parser = JSON.getFactory().createParser(body)) {
                if (parser.nextToken() != JsonToken.START_ARRAY) {
                    return;
                }
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    items.add(new Timed(JSON.readTree(parser), System.nanoTime()));
                }
                if (parser.currentToken() == JsonToken.END_ARRAY) {
                    items.add(new Timed(JSON.createObjectNode(), System.nanoTime()));
                }
            } catch (IOException e) {
                // The queue stays short; the test's deadline reports it.
            }
        }, "e2e-array-reader");
        reader.setDaemon(true);
        reader.start();
        return items;
    }

    private record Sse(String id, JsonNode data, long atNanos) {
    }

    /** Reads SSE blocks with data (heartbeats skipped) on a thread of its own; an id-less block marks the end. */
    private static BlockingQueue<Sse> readSse(InputStream body) {
        BlockingQueue<Sse> events = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String id = null;
                String data = null;
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("id: ")) {
                        id = line.substring(4);
                    } else if (line.startsWith("data: ")) {
                        data = line.substring(6);
                    } else if (line.isEmpty() && data != null) {
                        events.add(new Sse(id, JSON.readTree(data), System.nanoTime()));
                        id = null;
                        data = null;
                    }
                }
                events.add(new Sse(null, null, System.nanoTime()));
            } catch (IOException e) {
                // A closed stream; the test's deadline reports a missing event.
            }
        }, "e2e-sse-reader");
        reader.setDaemon(true);
        reader.start();
        return events;
    }

    private static <T> T take(BlockingQueue<T> queue) throws InterruptedException {
        T next = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (next == null) {
            throw new AssertionError("nothing arrived within " + WAIT);
        }
        return next;
    }

    private static String describe(JsonNode event) {
        return event.path("type").asText() + (event.has("stepId") ? ":" + event.path("stepId").asText() : "");
    }

    private static final List<String> RUN = List.of("run_started", "step_started:t", "step_completed:t",
            "step_started:a", "step_completed:a", "step_started:d", "step_progress:d", "step_completed:d",
            "step_started:b", "step_completed:b", "run_completed");

    private JsonNode awaitStored(String runId, int events) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode run = call("GET", "/api/v1/executions/" + runId, null, 200);
        while (run.path("events").size() < events || run.path("finishedAt").isNull()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + runId + " did not store " + events + " events: " + run);
            }
            Thread.sleep(100);
            run = call("GET", "/api/v1/executions/" + runId, null, 200);
        }
        return run;
    }

    // ------------------------------------------------------------------ flow run stream

    @Test
    void theFlowStreamDeliversItemsWhileTheRealRunIsStillGoingAndItsLogStaysAvailable() throws Exception {
        long sent = System.nanoTime();
        HttpResponse<InputStream> response = postStream(flowId, "?env=Production", mgw.adminKey(), "{\"order\":7}");
        assertEquals(200, response.statusCode());
        String jobId = response.headers().firstValue("flow-job-id").orElseThrow();
        UUID.fromString(jobId);
        BlockingQueue<Timed> items = readArray(response.body());
        List<Timed> read = new ArrayList<>();
        for (Timed item = take(items); item.value().size() > 0; item = take(items)) {
            read.add(item);
        }
        long end = read.get(read.size() - 1).atNanos();
        assertEquals(RUN, read.stream().map(t -> describe(t.value())).toList());
        for (int i = 0; i < read.size(); i++) {
            assertEquals(i + 1, read.get(i).value().path("seq").asInt());
        }
        // The first item and the steps before the delay were in the client's hands a whole delay before the end.
        long firstToEnd = Duration.ofNanos(end - read.get(0).atNanos()).toMillis();
        long beforeDelayToEnd = Duration.ofNanos(end - read.get(4).atNanos()).toMillis();
        assertTrue(firstToEnd >= DELAY_MS - 100, "first item only " + firstToEnd + " ms before the end");
        assertTrue(beforeDelayToEnd >= DELAY_MS - 100, "step a only " + beforeDelayToEnd + " ms before the end");
        assertTrue(Duration.ofNanos(read.get(0).atNanos() - sent).toMillis() < DELAY_MS, "the first item came late");
        JsonNode done = read.get(read.size() - 1).value();
        assertEquals("completed", done.path("status").asText());
        assertEquals(7, done.path("output").path("order").asInt());
        assertEquals(2, done.path("output").path("b").asInt());

        JsonNode log = awaitStored(jobId, RUN.size());
        assertEquals("completed", log.path("status").asText());
        assertEquals("http", log.path("triggerKind").asText());
        assertEquals(RUN.size(), log.path("events").size());
    }

    @Test
    void theKeyMayBeTheApiKeyQueryParameterButNeverBothAndABadEnvIs400() throws Exception {
        HttpResponse<InputStream> byQuery = open(HttpRequest.newBuilder(URI.create(mgw.controlPlaneUrl()
                + streamPath(flowId, "?env=development&api_key=" + mgw.adminKey()))).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, byQuery.statusCode());
        String jobId = byQuery.headers().firstValue("flow-job-id").orElseThrow();
        BlockingQueue<Timed> items = readArray(byQuery.body());
        List<String> types = new ArrayList<>();
        for (Timed item = take(items); item.value().size() > 0; item = take(items)) {
            types.add(describe(item.value()));
        }
        assertEquals(RUN, types, "a Development run without a development deployment is a draft run of the graph");
        assertEquals("completed", awaitStored(jobId, RUN.size()).path("status").asText());

        HttpResponse<InputStream> both = postStream(flowId, "?env=2&api_key=" + mgw.adminKey(), mgw.adminKey(), null);
        assertEquals(400, both.statusCode());
        assertEquals("bad_request", JSON.readTree(both.body()).path("error").asText());
        assertEquals(401, postStream(flowId, "?env=2", null, null).statusCode());
        HttpResponse<InputStream> badEnv = postStream(flowId, "?env=Staging", mgw.adminKey(), null);
        assertEquals(400, badEnv.statusCode());
        assertEquals("env", JSON.readTree(badEnv.body()).path("field").asText());
    }

    @Test
    void aRealRunLongerThanTheLimitIsCutOffWithAFinalErrorItem() throws Exception {
        String slow = flow(60_000);
        long sent = System.nanoTime();
        HttpResponse<InputStream> response = postStream(slow, "?env=Development", mgw.adminKey(), null);
        assertEquals(200, response.statusCode());
        String jobId = response.headers().firstValue("flow-job-id").orElseThrow();
        BlockingQueue<Timed> items = readArray(response.body());
        List<Timed> read = new ArrayList<>();
        for (Timed item = take(items); item.value().size() > 0; item = take(items)) {
            read.add(item);
        }
        Timed last = read.get(read.size() - 1);
        assertEquals("run_timeout", last.value().path("error").asText(), last.value().toString());
        long at = Duration.ofNanos(last.atNanos() - sent).toMillis();
        assertTrue(at >= LIMIT_SECONDS * 1000L - 200 && at < LIMIT_SECONDS * 1000L + 5000, "cut off after " + at + " ms");
        assertEquals("step_progress:d", describe(read.get(read.size() - 2).value()), "the run was in its delay");
        assertEquals("timed_out", call("GET", "/api/v1/executions/" + jobId, null, 200).path("status").asText());
    }

    // ------------------------------------------------------------------ SSE stream of a chat's run

    private String login() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(mgw.controlPlaneUrl() + "/api/auth/login"))
                .header("X-API-Key", mgw.adminKey()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return cookie.substring(0, cookie.indexOf(';'));
    }

    private JsonNode withCookie(String cookie, String path, Object body, int expectedStatus) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(mgw.controlPlaneUrl() + path))
                .header("Cookie", cookie).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(expectedStatus, response.statusCode(), path + ": " + response.body());
        return JSON.readTree(response.body());
    }

    private HttpResponse<InputStream> sse(String cookie, String chatId, String runId, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(mgw.controlPlaneUrl() + "/api/chats/" + chatId
                + "/workflow-runs/" + runId + "/stream")).header("Accept", "text/event-stream").header("Cookie", cookie).GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return open(request);
    }

    private static List<Sse> rest(BlockingQueue<Sse> events) throws InterruptedException {
        List<Sse> read = new ArrayList<>();
        for (Sse event = take(events); event.data() != null; event = take(events)) {
            read.add(event);
        }
        return read;
    }

    @Test
    void theSseStreamCarriesTheWholeRealRunInOrderResumesAfterLastEventIdAndReplaysWhenFinished() throws Exception {
        String cookie = login();
        String chatId = withCookie(cookie, "/api/chats", Map.of("title", "e2e", "workflowId", flowId), 201)
                .path("id").asText();

        // Live: the whole sequence in order, the first event a whole delay before the last.
        String runId = withCookie(cookie, "/api/chats/" + chatId + "/workflow-runs", Map.of("inputs", Map.of("q", 1)), 201)
                .path("workflowRunId").asText();
        HttpResponse<InputStream> live = sse(cookie, chatId, runId, null);
        assertEquals(200, live.statusCode());
        assertEquals("no-cache", live.headers().firstValue("Cache-Control").orElse(""));
        List<Sse> events = rest(readSse(live.body()));
        assertEquals(RUN, events.stream().map(e -> describe(e.data())).toList());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(Integer.toString(i + 1), events.get(i).id());
        }
        assertEquals("{\"type\":\"run_started\",\"runId\":\"" + runId + "\",\"workflowId\":\"" + flowId + "\"}",
                events.get(0).data().toString());
        assertEquals("{\"type\":\"run_completed\",\"runId\":\"" + runId + "\",\"status\":\"completed\"}",
                events.get(events.size() - 1).data().toString());
        assertEquals(List.of("type", "stepId", "progress", "message"), fieldNames(events.get(6).data()));
        long firstToEnd = Duration.ofNanos(events.get(events.size() - 1).atNanos() - events.get(0).atNanos()).toMillis();
        assertTrue(firstToEnd >= DELAY_MS - 100, "first event only " + firstToEnd + " ms before the end");

        // Resume: drop after event 5 (the delay has begun), reconnect with Last-Event-ID while the run goes on.
        String second = withCookie(cookie, "/api/chats/" + chatId + "/workflow-runs", Map.of(), 201)
                .path("workflowRunId").asText();
        HttpResponse<InputStream> dropped = sse(cookie, chatId, second, null);
        BlockingQueue<Sse> firstPart = readSse(dropped.body());
        List<String> ids = new ArrayList<>();
        while (ids.size() < 5) {
            ids.add(take(firstPart).id());
        }
        dropped.body().close();
        HttpResponse<InputStream> resumed = sse(cookie, chatId, second, "5");
        assertEquals(200, resumed.statusCode());
        List<Sse> after = rest(readSse(resumed.body()));
        after.forEach(e -> ids.add(e.id()));
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"), ids);
        assertEquals(RUN.subList(5, RUN.size()), after.stream().map(e -> describe(e.data())).toList());

        // Replay: a finished run streams everything and ends; after its last event, 204.
        awaitStored(second, RUN.size());
        List<Sse> replay = rest(readSse(sse(cookie, chatId, second, null).body()));
        assertEquals(RUN, replay.stream().map(e -> describe(e.data())).toList());
        assertEquals(204, sse(cookie, chatId, second, "11").statusCode());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
