package io.mgw.controlplane.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.mgw.adapters.contract.RedisKeys;
import io.mgw.adapters.contract.events.RunEventType;
import io.mgw.controlplane.events.Await;
import io.mgw.controlplane.testing.Api;
import io.mgw.controlplane.testing.ControlPlaneTestSupport;
import io.mgw.controlplane.testing.FakeRuntime;
import io.mgw.controlplane.testing.StreamReaders;
import io.mgw.controlplane.testing.StreamReaders.SseEvent;
import io.mgw.controlplane.testing.Tenants;
import io.mgw.controlplane.testing.Tenants.Member;
import io.mgw.controlplane.testing.Tenants.Tenant;
import io.mgw.embedded.TestServices;
import io.micronaut.context.ApplicationContext;
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
 * Chats, browser login and the workflow-run SSE stream, with a stand-in runtime that plays the run's events onto the
 * test's events stream: the exact event types and fields in order with an {@code id:} each, {@code Last-Event-ID}
 * resume, replay of a finished run, the comment heartbeat, every documented error status, one Redis subscription
 * for many watchers, a second replica that streams events the first one stored, and events stored out of order.
 * Polling is switched off (10 min), so every live event here travels through the Pub/Sub announcement. Real runs on
 * the real runtime are in deploy's ChatRunStreamE2EIT.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatRunStreamIT implements TestPropertyProvider {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Duration HEARTBEAT = Duration.ofMillis(400);
    private static final Duration GAP_GRACE = Duration.ofSeconds(2);

    final String stream = "mgw:events:chat-it:" + UUID.randomUUID();
    final HttpClient http = HttpClient.newHttpClient();
    final Map<String, String> properties = new HashMap<>();
    FakeRuntime runtime;
    @Inject
    EmbeddedServer server;
    Api api;
    Tenant acme;
    Tenant globex;
    Member member;
    String workflowId;
    String ownerCookie;
    RedisClient redis;
    StatefulRedisConnection<String, String> redisConnection;

    @Override
    public Map<String, String> getProperties() {
        runtime = new FakeRuntime();
        properties.putAll(ControlPlaneTestSupport.properties("chat_stream"));
        properties.put("mgw.runtime-url", runtime.url());
        properties.put("mgw.events.stream", stream);
        properties.put("mgw.run-streams.heartbeat", HEARTBEAT.toMillis() + "ms");
        properties.put("mgw.run-streams.poll-interval", "10m");
        properties.put("mgw.run-streams.gap-grace", GAP_GRACE.toMillis() + "ms");
        return properties;
    }

    @BeforeAll
    void tenants() {
        api = new Api(server.getURI());
        acme = Tenants.create(api, "acme");
        globex = Tenants.create(api, "globex");
        member = acme.member("dev@acme.test");
        var created = api.post("/api/v1/workflows", acme.ownerKey(), Api.json(Map.of("name", "chat flow",
                "nodes", List.of(Map.of("id", "t", "nodeId", "api-trigger"), Map.of("id", "s", "nodeId", "set",
                        "config", Map.of("values", Map.of("ok", true)))),
                "connections", List.of(Map.of("sourceNodeId", "t", "targetNodeId", "s")))));
        assertEquals(201, created.status(), created.raw());
        workflowId = created.text("workflowId");
        ownerCookie = login(acme.ownerKey());
        redis = RedisClient.create(TestServices.redisUrl());
        redisConnection = redis.connect();
    }

    @AfterAll
    void stop() {
        runtime.close();
        redisConnection.sync().del(stream);
        redisConnection.close();
        redis.shutdown();
    }

    // ------------------------------------------------------------------ helpers

    /** Logs in with a key; returns the {@code Cookie} header value. */
    private String login(String key) {
        var response = send(HttpRequest.newBuilder(server.getURI().resolve("/api/auth/login")).header("X-API-Key", key)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, response.statusCode(), text(response));
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private HttpResponse<InputStream> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofInputStream());
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

    private HttpResponse<InputStream> withCookie(String method, String path, String cookie, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.getURI().resolve(path)).header("Cookie", cookie)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(request);
    }

    private JsonNode json(HttpResponse<InputStream> response) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text(response));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String chat(String cookie) {
        var created = withCookie("POST", "/api/chats", cookie, "{\"title\":\"support\",\"workflowId\":\"" + workflowId + "\"}");
        assertEquals(201, created.statusCode());
        return json(created).path("id").asText();
    }

    private String run(String chatId) {
        var started = withCookie("POST", "/api/chats/" + chatId + "/workflow-runs", ownerCookie, "{\"inputs\":{\"q\":\"hi\"}}");
        assertEquals(201, started.statusCode());
        JsonNode run = json(started);
        assertEquals("queued", run.path("status").asText());
        return run.path("workflowRunId").asText();
    }

    private HttpResponse<InputStream> sse(String chatId, String runId, String cookie, String lastEventId) {
        return sse(server.getURI(), chatId, runId, cookie, lastEventId);
    }

    private HttpResponse<InputStream> sse(URI base, String chatId, String runId, String cookie, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/api/chats/" + chatId + "/workflow-runs/" + runId
                + "/stream")).header("Accept", "text/event-stream").GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return send(request);
    }

    private void emit(String runId, long seq, RunEventType type, String payload) {
        runtime.emit(stream, acme.orgId(), runId, workflowId, seq, type, payload);
    }

    /** The seven documented events of a two-step run, with extra payload fields the stream must leave out. */
    private List<Runnable> sevenEvents(String runId) {
        return List.of(
                () -> emit(runId, 1, RunEventType.RUN_STARTED, "{\"runId\":\"" + runId + "\",\"workflowId\":\"" + workflowId + "\"}"),
                () -> emit(runId, 2, RunEventType.STEP_STARTED, "{\"stepId\":\"t\",\"toolId\":\"api-trigger\"}"),
                () -> emit(runId, 3, RunEventType.STEP_PROGRESS, "{\"stepId\":\"t\",\"progress\":50,\"message\":\"Searching...\"}"),
                () -> emit(runId, 4, RunEventType.STEP_COMPLETED, "{\"stepId\":\"t\",\"result\":{\"items\":[]}}"),
                () -> emit(runId, 5, RunEventType.STEP_STARTED, "{\"stepId\":\"s\",\"toolId\":\"set\"}"),
                () -> emit(runId, 6, RunEventType.STEP_FAILED, "{\"stepId\":\"s\",\"error\":\"boom\",\"code\":\"internal\"}"),
                () -> emit(runId, 7, RunEventType.RUN_FAILED, "{\"runId\":\"" + runId + "\",\"error\":\"step s failed\"}"));
    }

    private static final List<String> SEVEN_DATA = List.of(
            "{\"type\":\"run_started\",\"runId\":\"RUN\",\"workflowId\":\"WF\"}",
            "{\"type\":\"step_started\",\"stepId\":\"t\",\"toolId\":\"api-trigger\"}",
            "{\"type\":\"step_progress\",\"stepId\":\"t\",\"progress\":50,\"message\":\"Searching...\"}",
            "{\"type\":\"step_completed\",\"stepId\":\"t\",\"result\":{\"items\":[]}}",
            "{\"type\":\"step_started\",\"stepId\":\"s\",\"toolId\":\"set\"}",
            "{\"type\":\"step_failed\",\"stepId\":\"s\",\"error\":\"boom\"}",
            "{\"type\":\"run_failed\",\"runId\":\"RUN\",\"error\":\"step s failed\"}");

    private String expected(int seq, String runId) {
        return SEVEN_DATA.get(seq - 1).replace("RUN", runId).replace("WF", workflowId);
    }

    private void awaitFinished(String runId) {
        Await.until("run " + runId + " finished", () -> {
            var run = api.get("/api/v1/executions/" + runId, acme.ownerKey());
            return run.json().path("finishedAt").isTextual();
        });
    }

    // ------------------------------------------------------------------ login

    @Test
    void loginSetsAnHttpOnlySameSiteCookieThatOnlyBrowserRoutesAcceptAndLogoutEndsIt() {
        var response = send(HttpRequest.newBuilder(server.getURI().resolve("/api/auth/login"))
                .header("X-API-Key", acme.ownerKey()).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, response.statusCode());
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        JsonNode body = json(response);
        assertEquals(acme.ownerId(), body.path("userId").asText());
        assertTrue(body.path("expiresAt").isTextual());
        assertTrue(setCookie.startsWith("mgw_session="), setCookie);
        for (String attribute : List.of("HTTPOnly", "SameSite=Strict", "Path=/api", "Max-Age=")) {
            assertTrue(setCookie.toLowerCase().contains(attribute.toLowerCase()), attribute + " in " + setCookie);
        }
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        assertEquals(200, withCookie("GET", "/api/chats", cookie, null).statusCode());
        // Only the browser routes take the cookie.
        assertEquals(401, withCookie("GET", "/api/v1/workflows", cookie, null).statusCode());
        assertEquals(401, send(HttpRequest.newBuilder(server.getURI().resolve("/api/auth/login"))
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode());

        var logout = withCookie("POST", "/api/auth/logout", cookie, null);
        assertEquals(204, logout.statusCode());
        assertTrue(logout.headers().firstValue("Set-Cookie").orElseThrow().contains("Max-Age=0"));
        var after = withCookie("GET", "/api/chats", cookie, null);
        assertEquals(401, after.statusCode());
        assertEquals("unauthorized", json(after).path("error").asText());
        assertEquals(401, withCookie("GET", "/api/chats", "mgw_session=made-up-token-0123456789", null).statusCode());
    }

    @Test
    void aSessionHoldsNoMoreThanItsKeyAndEndsWithIt() {
        String readOnlyKey = acme.ownerKeyWith("workflows:read");
        String cookie = login(readOnlyKey);
        assertEquals(200, withCookie("GET", "/api/chats", cookie, null).statusCode());
        assertEquals(403, withCookie("POST", "/api/chats", cookie, "{}").statusCode());
        String keyId = api.get("/api/v1/api-keys", acme.ownerKey()).json().path("items").findValues("id").stream()
                .map(JsonNode::asText).filter(id -> !id.isEmpty()).reduce((a, b) -> b).orElseThrow();
        assertEquals(204, api.delete("/api/v1/api-keys/" + keyId, acme.ownerKey()).status());
        assertEquals(401, withCookie("GET", "/api/chats", cookie, null).statusCode());
    }

    // ------------------------------------------------------------------ chats

    @Test
    void chatsAreCreatedListedAndReadOnlyByTheirOwner() {
        String chatId = chat(ownerCookie);
        UUID.fromString(chatId);
        var viaKey = api.post("/api/chats", acme.ownerKey(), "{}");
        assertEquals(201, viaKey.status(), viaKey.raw());
        var list = withCookie("GET", "/api/chats", ownerCookie, null);
        JsonNode page = json(list);
        assertTrue(page.path("count").asInt() >= 2);
        List<String> ids = page.path("items").findValuesAsText("id");
        assertTrue(ids.contains(chatId));
        String memberCookie = login(member.key());
        assertEquals(0, json(withCookie("GET", "/api/chats", memberCookie, null)).path("count").asInt());

        var got = json(withCookie("GET", "/api/chats/" + chatId, ownerCookie, null));
        assertEquals("support", got.path("title").asText());
        assertEquals(workflowId, got.path("workflowId").asText());
        String runId = run(chatId);
        var withRun = json(withCookie("GET", "/api/chats/" + chatId, ownerCookie, null));
        assertEquals(runId, withRun.path("workflowRuns").get(0).path("workflowRunId").asText());
        JsonNode submitted = runtime.callsTo("/internal/executions").stream().map(FakeRuntime.Call::json)
                .filter(b -> b.path("execution_id").asText().equals(runId)).findFirst().orElseThrow();
        assertEquals("hi", submitted.path("inputs").path("q").asText());

        assertEquals(403, withCookie("GET", "/api/chats/" + chatId, memberCookie, null).statusCode());
        assertEquals(403, withCookie("POST", "/api/chats/" + chatId + "/workflow-runs", memberCookie, "{}").statusCode());
        assertEquals(404, api.get("/api/chats/" + chatId, globex.ownerKey()).status());
        assertEquals(404, api.get("/api/chats/" + UUID.randomUUID(), acme.ownerKey()).status());
        assertEquals(400, api.get("/api/chats/chat-uuid", acme.ownerKey()).status());
        assertEquals(400, api.post("/api/chats/" + chatId + "/workflow-runs", acme.ownerKey(), "{\"inputs\":[1]}").status());
        var noWorkflow = api.post("/api/chats/" + json(viaKey.raw()).path("id").asText() + "/workflow-runs",
                acme.ownerKey(), "{}");
        assertEquals(400, noWorkflow.status(), noWorkflow.raw());
        assertEquals("workflowId", noWorkflow.text("field"));
    }

    private static JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ the stream

    @Test
    void aClientReadsEveryEventInOrderWithItsIdAndExactlyTheDocumentedFieldsWhileTheRunGoesOn() {
        String chatId = chat(ownerCookie);
        String runId = run(chatId);
        var response = sse(chatId, runId, ownerCookie, null);
        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertEquals("no-cache", response.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("keep-alive", response.headers().firstValue("Connection").orElse("").toLowerCase());
        StreamReaders.Sse events = new StreamReaders.Sse(response.body());
        // The stream starts with a comment at once, before the run has reported anything.
        SseEvent opening = events.next(WAIT).value();
        assertNull(opening.data());
        assertFalse(opening.comments().isEmpty());

        List<Runnable> emits = sevenEvents(runId);
        for (int seq = 1; seq <= 7; seq++) {
            emits.get(seq - 1).run();
            SseEvent event = events.nextEvent(WAIT);
            assertEquals(Integer.toString(seq), event.id());
            assertEquals(expected(seq, runId), event.data());
        }
        assertNull(events.next(WAIT), "the stream ends after run_failed");
    }

    @Test
    void lastEventIdResumesRightAfterThatEventWithNothingLostOrRepeated() {
        String chatId = chat(ownerCookie);
        String runId = run(chatId);
        List<Runnable> emits = sevenEvents(runId);
        var first = new StreamReaders.Sse(sse(chatId, runId, ownerCookie, null).body());
        for (int seq = 1; seq <= 3; seq++) {
            emits.get(seq - 1).run();
            assertEquals(Integer.toString(seq), first.nextEvent(WAIT).id());
        }
        // The client drops; the run goes on meanwhile.
        emits.get(3).run();
        emits.get(4).run();
        Await.until("events 4 and 5 stored", () -> api.get("/api/v1/executions/" + runId, acme.ownerKey()).json()
                .path("events").size() == 5);
        var resumed = sse(chatId, runId, ownerCookie, "3");
        assertEquals(200, resumed.statusCode());
        StreamReaders.Sse second = new StreamReaders.Sse(resumed.body());
        assertEquals(List.of("4", "5"), List.of(second.nextEvent(WAIT).id(), second.nextEvent(WAIT).id()));
        emits.get(5).run();
        emits.get(6).run();
        List<SseEvent> rest = second.rest(WAIT);
        assertEquals(List.of("6", "7"), rest.stream().map(SseEvent::id).toList());
        assertEquals(expected(7, runId), rest.get(1).data());

        var malformed = sse(chatId, runId, ownerCookie, "seven");
        assertEquals(400, malformed.statusCode());
        assertEquals("Last-Event-ID", json(malformed).path("field").asText());
    }

    @Test
    void aFinishedRunReplaysItsEventsAndEndsAndANoticeOfTheEndStopsReconnects() {
        String chatId = chat(ownerCookie);
        String runId = run(chatId);
        sevenEvents(runId).forEach(Runnable::run);
        awaitFinished(runId);
        var replay = sse(chatId, runId, ownerCookie, null);
        assertEquals(200, replay.statusCode());
        List<SseEvent> events = new StreamReaders.Sse(replay.body()).rest(WAIT);
        List<String> data = new ArrayList<>();
        for (int seq = 1; seq <= 7; seq++) {
            data.add(expected(seq, runId));
        }
        assertEquals(data, events.stream().map(SseEvent::data).toList());
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7"), events.stream().map(SseEvent::id).toList());
        assertEquals(2, new StreamReaders.Sse(sse(chatId, runId, ownerCookie, "5").body()).rest(WAIT).size());
        // An EventSource reconnecting after the last event gets 204, which makes it stop.
        assertEquals(204, sse(chatId, runId, ownerCookie, "7").statusCode());
    }

    @Test
    void aQuietStreamGetsACommentHeartbeat() {
        String chatId = chat(ownerCookie);
        String runId = run(chatId);
        StreamReaders.Sse events = new StreamReaders.Sse(sse(chatId, runId, ownerCookie, null).body());
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            var block = events.next(WAIT);
            assertNull(block.value().data(), "only heartbeats while the run is quiet");
            assertEquals(List.of("keep-alive"), block.value().comments());
            times.add(block.atNanos());
        }
        long spread = Duration.ofNanos(times.get(3) - times.get(1)).toMillis();
        assertTrue(spread >= 2 * HEARTBEAT.toMillis() - 150 && spread < 2 * HEARTBEAT.toMillis() + 2000,
                "two heartbeat intervals took " + spread + " ms");
        emits(runId);
    }

    private void emits(String runId) {
        sevenEvents(runId).forEach(Runnable::run);
    }

    @Test
    void everyDocumentedErrorStatusInJson() {
        String chatId = chat(ownerCookie);
        String runId = run(chatId);
        String otherChat = chat(ownerCookie);
        String memberCookie = login(member.key());
        Map<String, Integer> cases = new java.util.LinkedHashMap<>();
        cases.put("/api/chats/chat-uuid/workflow-runs/" + runId + "/stream", 400);
        cases.put("/api/chats/" + chatId + "/workflow-runs/run-uuid/stream", 400);
        cases.put("/api/chats/" + UUID.randomUUID() + "/workflow-runs/" + runId + "/stream", 404);
        cases.put("/api/chats/" + chatId + "/workflow-runs/" + UUID.randomUUID() + "/stream", 404);
        cases.put("/api/chats/" + otherChat + "/workflow-runs/" + runId + "/stream", 404);
        for (var entry : cases.entrySet()) {
            var response = send(HttpRequest.newBuilder(server.getURI().resolve(entry.getKey()))
                    .header("Accept", "text/event-stream").header("Cookie", ownerCookie).GET());
            assertEquals(entry.getValue(), response.statusCode(), entry.getKey());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            JsonNode body = json(response);
            assertEquals(entry.getValue() == 400 ? "validation_error" : "not_found", body.path("error").asText());
            assertTrue(body.path("message").isTextual());
        }
        var unauthenticated = sse(chatId, runId, null, null);
        assertEquals(401, unauthenticated.statusCode());
        assertEquals("unauthorized", json(unauthenticated).path("error").asText());
        assertEquals(401, sse("chat-uuid", runId, null, null).statusCode(), "401 comes before 400");
        var forbidden = sse(chatId, runId, memberCookie, null);
        assertEquals(403, forbidden.statusCode());
        assertEquals("forbidden", json(forbidden).path("error").asText());
        assertEquals(404, sse(chatId, runId, login(globex.ownerKey()), null).statusCode());
        emits(runId);
    }

    // ------------------------------------------------------------------ fan-out and replicas

    private long subscribers(String runId) {
        return redisConnection.sync().pubsubNumsub(RedisKeys.runEvents(runId)).values().iterator().next();
    }

    /** A gauge of the control plane's /metrics. */
    private double gauge(String name) {
        String metrics = api.get("/metrics", null).raw();
        return metrics.lines().filter(line -> line.startsWith(name + " ")).mapToDouble(line ->
                Double.parseDouble(line.substring(name.length() + 1).trim())).findFirst().orElse(-1);
    }

    @Test
    void manyWatchersOfOneRunShareOneSubscription() {
        String chatId = chat(ownerCookie);
        String runId = run(chatId);
        double feedsBefore = gauge("mgw_run_stream_feeds");
        double watchersBefore = gauge("mgw_run_stream_watchers");
        List<StreamReaders.Sse> watchers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            watchers.add(new StreamReaders.Sse(sse(chatId, runId, ownerCookie, null).body()));
        }
        Await.until("four watchers attached", () -> gauge("mgw_run_stream_watchers") == watchersBefore + 4);
        assertEquals(feedsBefore + 1, gauge("mgw_run_stream_feeds"), "four watchers, one feed");
        Await.until("the run's channel has its subscriber", () -> subscribers(runId) == 1);
        emits(runId);
        for (StreamReaders.Sse watcher : watchers) {
            assertEquals(List.of("1", "2", "3", "4", "5", "6", "7"), watcher.rest(WAIT).stream().map(SseEvent::id).toList());
        }
        Await.until("the last watcher gone, the subscription ends", () -> subscribers(runId) == 0);
        Await.until("the feed is dropped", () -> gauge("mgw_run_stream_feeds") == feedsBefore);
    }

    @Test
    void aReplicaThatDidNotStoreTheEventsStreamsThemLive() {
        Map<String, Object> replicaProperties = new HashMap<>(properties);
        replicaProperties.put("micronaut.server.port", "-1");
        // The other replica consumes mgw:events and stores; this one only holds the stream.
        replicaProperties.put("mgw.events.enabled", "false");
        try (ApplicationContext replica = ApplicationContext.builder().properties(replicaProperties).start()) {
            EmbeddedServer replicaServer = replica.getBean(EmbeddedServer.class).start();
            String chatId = chat(ownerCookie);
            String runId = run(chatId);
            StreamReaders.Sse events = new StreamReaders.Sse(sse(replicaServer.getURI(), chatId, runId, ownerCookie, null).body());
            List<Runnable> emits = sevenEvents(runId);
            for (int seq = 1; seq <= 7; seq++) {
                emits.get(seq - 1).run();
                assertEquals(expected(seq, runId), events.nextEvent(WAIT).data());
            }
            assertNull(events.next(WAIT));
        }
    }

    @Test
    void anEventWhoseAnnouncementIsLostArrivesWithTheNextPoll() throws Exception {
        Map<String, Object> replicaProperties = new HashMap<>(properties);
        replicaProperties.put("micronaut.server.port", "-1");
        replicaProperties.put("mgw.events.enabled", "false");
        replicaProperties.put("mgw.run-streams.poll-interval", "700ms");
        try (ApplicationContext replica = ApplicationContext.builder().properties(replicaProperties).start();
             java.sql.Connection db = java.sql.DriverManager.getConnection(properties.get("datasources.default.url"))) {
            EmbeddedServer replicaServer = replica.getBean(EmbeddedServer.class).start();
            String chatId = chat(ownerCookie);
            String runId = run(chatId);
            StreamReaders.Sse events = new StreamReaders.Sse(sse(replicaServer.getURI(), chatId, runId, ownerCookie, null).body());
            List<Runnable> emits = sevenEvents(runId);
            emits.get(0).run();
            assertEquals("1", events.nextEvent(WAIT).id());
            // Event 2 is stored without any announcement (as if the Pub/Sub message was lost) while the stream is
            // already waiting: nothing but the poll can find it.
            try (var insert = db.prepareStatement("INSERT INTO execution_events (execution_id, seq, event_type, payload)"
                    + " VALUES (?, 2, 'step_started', CAST(? AS jsonb))")) {
                insert.setObject(1, UUID.fromString(runId));
                insert.setString(2, "{\"stepId\":\"t\",\"toolId\":\"api-trigger\"}");
                insert.executeUpdate();
            }
            long stored = System.nanoTime();
            assertEquals(expected(2, runId), events.nextEvent(WAIT).data());
            assertTrue(Duration.ofNanos(System.nanoTime() - stored).toMillis() < 5000);
            for (int seq = 3; seq <= 7; seq++) {
                emits.get(seq - 1).run();
            }
            assertEquals(List.of("3", "4", "5", "6", "7"), events.rest(WAIT).stream().map(SseEvent::id).toList());
        }
    }

    @Test
    void eventsStoredOutOfOrderAreStreamedInSeqOrderAndALostOneIsSkippedAfterTheGrace() {
        String chatId = chat(ownerCookie);
        String runId = run(chatId);
        StreamReaders.Sse events = new StreamReaders.Sse(sse(chatId, runId, ownerCookie, null).body());
        List<Runnable> emits = sevenEvents(runId);
        emits.get(0).run();
        assertEquals("1", events.nextEvent(WAIT).id());
        // 3 is stored before 2 (two replicas consuming): the stream waits for 2.
        emits.get(2).run();
        Await.until("event 3 stored", () -> api.get("/api/v1/executions/" + runId, acme.ownerKey()).json()
                .path("events").size() == 2);
        emits.get(1).run();
        assertEquals(List.of("2", "3"), List.of(events.nextEvent(WAIT).id(), events.nextEvent(WAIT).id()));
        // 4 never comes: after the grace the stream moves on to 5, once.
        emits.get(4).run();
        long before = System.nanoTime();
        SseEvent five = events.nextEvent(WAIT);
        assertEquals("5", five.id());
        assertTrue(Duration.ofNanos(System.nanoTime() - before).toMillis() >= GAP_GRACE.toMillis() - 200);
        emits.get(5).run();
        emits.get(6).run();
        assertEquals(List.of("6", "7"), events.rest(WAIT).stream().map(SseEvent::id).toList());
    }
}
