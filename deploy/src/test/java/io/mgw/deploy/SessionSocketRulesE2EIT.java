package io.mgw.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.SignedJWT;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.mgw.adapters.contract.InternalApi;
import io.mgw.adapters.contract.RedisKeys;
import io.mgw.adapters.contract.WsTokenKey;
import io.mgw.adapters.contract.WsTokens;
import io.mgw.embedded.EmbeddedRedisServer;
import io.mgw.embedded.TestServices;
import io.mgw.gateway.GatewayMain;
import io.mgw.gateway.server.GatewayServer;
import io.mgw.gateway.testing.Await;
import io.mgw.gateway.testing.RawWsClient;
import io.mgw.gateway.testing.WsTestClient;
import io.mgw.runtime.RuntimeMain;
import io.mgw.runtime.server.RuntimeServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The session socket's rules (issue 7) against the real processes: the control plane mints the tokens and ends the
 * sessions, real runtime pods hold them (the launcher's pod, and pods started here with their own capacity, drained
 * or stopped to refuse with 1012 and 1013), and the gateways share one Redis. Nothing here stands in for our own code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionSocketRulesE2EIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JWT_SECRET = "e2e-rules-jwt-secret-of-32-bytes!!!";
    private static final String SERVICE_TOKEN = "e2e-rules-service-token-of-32-bytes";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Duration CONNECT_BUDGET = Duration.ofSeconds(3);
    private final HttpClient http = HttpClient.newHttpClient();
    private final String eventsStream = "mgw:events:e2e-rules:" + System.nanoTime();
    private final List<RuntimeServer> pods = new ArrayList<>();
    private final List<GatewayServer> gateways = new ArrayList<>();
    private Mgw mgw;
    private RedisClient redis;
    private String echoWorkflow;

    @BeforeAll
    void start() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", TestServices.createDatabase("e2e_rules"));
        env.put("REDIS_URL", TestServices.redisUrl());
        env.put("MGW_DATA_DIR", Files.createTempDirectory("mgw-e2e-rules").toString());
        env.put("MGW_CONTROL_PLANE_PORT", "0");
        env.put("MGW_GATEWAY_PORT", "0");
        env.put("MGW_RUNTIME_PORT", "0");
        env.put("MGW_JWT_SECRET", JWT_SECRET);
        env.put("MGW_SERVICE_TOKEN", SERVICE_TOKEN);
        env.put("MGW_POD_ID", "pod-e2e-rules-" + System.nanoTime());
        env.put("MGW_EVENTS_STREAM", eventsStream);
        env.put("MGW_PING_INTERVAL", "1s");
        env.put("MGW_CONNECT_BUDGET", CONNECT_BUDGET.toSeconds() + "s");
        env.put("MGW_SLOW_CLIENT_TIMEOUT", "500ms");
        env.put("MGW_SESSION_GRACE", "2s");
        mgw = Mgw.start("up", env);
        redis = RedisClient.create(TestServices.redisUrl());
        echoWorkflow = newEchoWorkflow();
    }

    @AfterEach
    void stopExtraProcesses() {
        gateways.forEach(GatewayServer::close);
        gateways.clear();
        pods.forEach(RuntimeServer::close);
        pods.clear();
    }

    @AfterAll
    void stop() {
        if (redis != null) {
            redis.shutdown();
        }
        if (mgw != null) {
            mgw.close();
        }
    }

    // ---- before the upgrade -------------------------------------------------------------------------------------

    @Test
    void everyRefusalBeforeTheUpgradeIsAPlainHttpStatus() throws Exception {
        String sid = newSession(echoWorkflow);
        String other = newSession(echoWorkflow);
        String org = organizationOf(token(sid));
        WsTokens expired = new WsTokens(WsTokenKey.fromSecret(JWT_SECRET),
                Clock.fixed(Instant.now().minusSeconds(3600), ZoneOffset.UTC), Duration.ofSeconds(120));

        assertEquals(404, handshakeStatus(gatewayPort(), "bad$id", "ws_token=" + token(sid), Map.of()));
        assertEquals(404, handshakeStatus(gatewayPort(), "a".repeat(129), "ws_token=" + token(sid), Map.of()));
        assertEquals(401, handshakeStatus(gatewayPort(), sid, null, Map.of()), "no token");
        assertEquals(401, handshakeStatus(gatewayPort(), sid, "ws_token=not.a-token", Map.of()), "malformed");
        assertEquals(401, handshakeStatus(gatewayPort(), sid, "ws_token=" + expired.mint(sid, org), Map.of()), "expired");
        assertEquals(401, handshakeStatus(gatewayPort(), sid,
                "ws_token=" + new WsTokens("another-secret-that-is-32-bytes!!").mint(sid, org), Map.of()), "wrongly signed");
        assertEquals(401, handshakeStatus(gatewayPort(), sid, "ws_token=" + token(other), Map.of()), "other session's");
        assertEquals(401, handshakeStatus(gatewayPort(), sid, null, Map.of("Authorization", "Bearer " + token(other))),
                "other session's, as a header");

        String unknown = "ses_" + Long.toHexString(System.nanoTime());
        assertEquals(404, handshakeStatus(gatewayPort(), unknown,
                "ws_token=" + new WsTokens(JWT_SECRET).mint(unknown, org), Map.of()), "unknown session");
        String ended = newSession(echoWorkflow);
        String endedToken = token(ended);
        assertEquals(204, call("DELETE", "/api/v1/streaming-sessions/" + ended, null).statusCode());
        assertEquals(404, handshakeStatus(gatewayPort(), ended, "ws_token=" + endedToken, Map.of()), "ended session");
    }

    @Test
    void aLookupThatCannotBeMadeIs500BeforeTheUpgrade() throws Exception {
        String sid = newSession(echoWorkflow);
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        GatewayServer noControlPlane = gateway(Map.of("MGW_CONTROL_PLANE_URL", "http://127.0.0.1:" + closedPort));
        assertEquals(500, handshakeStatus(noControlPlane.port(), sid, "ws_token=" + token(sid), Map.of()),
                "control plane down");

        EmbeddedRedisServer ownRedis = EmbeddedRedisServer.start(null, 0);
        GatewayServer redisGone = gateway(Map.of("REDIS_URL", ownRedis.url()));
        ownRedis.close();
        assertEquals(500, handshakeStatus(redisGone.port(), sid, "ws_token=" + token(sid), Map.of()), "Redis down");
    }

    @Test
    void theTokenMayComeAsABearerHeaderOrInTheQuery() throws Exception {
        String sid = newSession(echoWorkflow);
        URI bare = wsUri(gatewayPort(), sid, null);
        try (WsTestClient header = WsTestClient.open(bare, Map.of("Authorization", "Bearer " + token(sid)))) {
            assertEchoes(header, 1);
        }
        String browser = newSession(echoWorkflow);
        try (WsTestClient query = open(gatewayPort(), browser, null)) {
            assertEchoes(query, 2);
        }
    }

    // ---- resume -------------------------------------------------------------------------------------------------

    @Test
    void resumeFromZeroReplaysTheWholeBufferThenGoesLive() throws Exception {
        String sid = newSession(echoWorkflow);
        List<Long> seen = produce(gatewayPort(), sid, 20);
        try (WsTestClient again = open(gatewayPort(), sid, "resume_from=0")) {
            List<Long> replayed = seqsUpTo(again, last(seen));
            assertContiguous(replayed, 1, last(seen));
            inject(again, "live");
            assertEquals(last(seen) + 1, again.seqs(1, WAIT).get(0), "live frames continue the sequence");
        }
    }

    @Test
    void resumeFromTheMiddleReplaysOnlyTheLaterFrames() throws Exception {
        String sid = newSession(echoWorkflow);
        List<Long> seen = produce(gatewayPort(), sid, 20);
        long from = seen.get(9);
        try (WsTestClient again = open(gatewayPort(), sid, "resume_from=" + from)) {
            assertContiguous(seqsUpTo(again, last(seen)), from + 1, last(seen));
            inject(again, "live");
            assertEquals(last(seen) + 1, again.seqs(1, WAIT).get(0));
        }
    }

    @Test
    void resumeFromBeyondTheEndReplaysNothingThenGoesLive() throws Exception {
        String sid = newSession(echoWorkflow);
        List<Long> seen = produce(gatewayPort(), sid, 5);
        try (WsTestClient again = open(gatewayPort(), sid, "resume_from=" + (last(seen) + 1000))) {
            assertEchoes(again, 3); // the link is live, and nothing came before the echo
            inject(again, "live");
            assertEquals(last(seen) + 1, again.seqs(1, WAIT).get(0));
        }
    }

    @Test
    void aMalformedResumeValueIsIgnoredAsIfAbsent() throws Exception {
        String sid = newSession(echoWorkflow);
        produce(gatewayPort(), sid, 5);
        for (String bad : List.of("abc", "-1", "12345678901234567890", "9223372036854775808", "", "1e3")) {
            try (WsTestClient again = open(gatewayPort(), sid, "resume_from=" + bad)) {
                assertEchoes(again, 4); // would fail on a replayed transcript arriving first
            }
        }
    }

    @Test
    void resumeFromOlderThanTheBufferSaysSoBeforeTheReplay() throws Exception {
        GatewayServer smallBuffer = gateway(Map.of("MGW_RESUME_MAXLEN", "20"));
        String sid = newSession(echoWorkflow);
        List<Long> seen = produce(smallBuffer.port(), sid, 300);
        long from = seen.get(0);
        try (WsTestClient again = open(smallBuffer.port(), sid, "resume_from=" + from)) {
            JsonNode gap = JSON.readTree(again.nextText(WAIT));
            assertEquals("resume_gap", gap.path("type").asText(), gap.toString());
            assertEquals(from, gap.path("from_seq").asLong());
            long first = gap.path("first_available_seq").asLong();
            assertTrue(first > from + 1 && first <= last(seen), "frames were trimmed: " + gap);
            assertContiguous(seqsUpTo(again, last(seen)), first, last(seen));
        }
    }

    // ---- routing: refusals during the connect budget, and after it -------------------------------------------------

    @Test
    void aPodAtCapacityRefusing1013IsRetriedUntilItHasRoom() throws Exception {
        RuntimeServer small = pod(1);
        Isolated dep = isolatedDeployment(small);
        try (WsTestClient holder = open(gatewayPort(), dep.session, null)) {
            assertEchoes(holder, 5);
            String waiting = newSession(dep.workflow);
            reportRoom(small); // what a registry entry says between heartbeats when another gateway just took the slot
            try (WsTestClient queued = open(gatewayPort(), waiting, null)) {
                Await.until(WAIT, () -> runtimeCloses(small, 1013) >= 1, "the pod refused a link with 1013");
                assertEquals(204, call("DELETE", "/api/v1/streaming-sessions/" + dep.session, null).statusCode());
                assertEchoes(queued, 6);
                assertFalse(queued.closed.isDone(), "the client never saw the refusal");
            }
        }
    }

    @Test
    void whenEveryPodStaysFullTheClientGets1013OnceTheBudgetIsSpent() throws Exception {
        RuntimeServer small = pod(1);
        Isolated dep = isolatedDeployment(small);
        try (WsTestClient holder = open(gatewayPort(), dep.session, null)) {
            assertEchoes(holder, 7);
            reportRoom(small);
            long before = System.nanoTime();
            try (WsTestClient refused = open(gatewayPort(), newSession(dep.workflow), null)) {
                WsTestClient.Closed closed = refused.awaitClose(WAIT);
                assertEquals(1013, closed.code(), closed.toString());
                // The gateway gives up when its next backoff (1 s at most) would end past the budget.
                assertTrue(System.nanoTime() - before >= CONNECT_BUDGET.minusSeconds(1).toNanos(), "after the budget");
                assertTrue(runtimeCloses(small, 1013) >= 1, "the pod itself refused");
            }
        }
    }

    @Test
    void aDrainingPodRefusing1012IsRetriedOnAnotherPod() throws Exception {
        RuntimeServer draining = pod(10);
        RuntimeServer healthy = pod(10);
        Isolated dep = isolatedDeployment(draining);
        draining.sessions().drain(1000); // still registered, refusing new links with 1012
        try (WsTestClient client = open(gatewayPort(), dep.session, null)) {
            Await.until(WAIT, () -> runtimeCloses(draining, 1012) >= 1, "the draining pod refused with 1012");
            host(dep, healthy);
            assertEchoes(client, 8);
            assertEquals(1, healthy.sessions().size(), "the session is on the other pod");
        }
    }

    @Test
    void whenTheOnlyPodKeepsRefusing1012TheClientGets1011OnceTheBudgetIsSpent() throws Exception {
        RuntimeServer draining = pod(10);
        Isolated dep = isolatedDeployment(draining);
        draining.sessions().drain(1000);
        try (WsTestClient client = open(gatewayPort(), dep.session, null)) {
            WsTestClient.Closed closed = client.awaitClose(WAIT);
            assertEquals(1011, closed.code(), closed.toString());
            assertTrue(runtimeCloses(draining, 1012) >= 2, "retried more than once within the budget");
        }
    }

    @Test
    void aPodDrainingAfterTheUpgradeGivesTheClient1012AndTheReconnectGoesToAnotherPod() throws Exception {
        RuntimeServer first = pod(10);
        RuntimeServer second = pod(10);
        Isolated dep = isolatedDeployment(first);
        try (WsTestClient client = open(gatewayPort(), dep.session, null)) {
            assertEchoes(client, 9);
            host(dep, second);
            first.close(); // SIGTERM: drains its sessions with 1012 and leaves the registry
            WsTestClient.Closed closed = client.awaitClose(WAIT);
            assertEquals(1012, closed.code(), closed.toString());
        }
        try (WsTestClient again = open(gatewayPort(), dep.session, null)) {
            assertEchoes(again, 10);
            assertEquals(1, second.sessions().size(), "the reconnect went to the other pod");
        }
    }

    // ---- keepalive, flow control, closing -------------------------------------------------------------------------

    @Test
    void aClientThatStopsAnsweringPingsIsClosedAndItsUpstreamReleased() throws Exception {
        RuntimeServer own = pod(10);
        Isolated dep = isolatedDeployment(own);
        try (RawWsClient silent = new RawWsClient(wsUri(gatewayPort(), dep.session, "ws_token=" + token(dep.session)), 0)) {
            Await.until(WAIT, () -> own.sessions().size() == 1, "the pod holds the session");
            assertEquals(1011, silent.awaitCloseCode());
            // The gateway keeps the pod link through its grace period, then lets go; the pod ends the session after its own.
            Await.until(Duration.ofSeconds(20), () -> own.sessions().size() == 0, "the pod released the session");
        }
    }

    @Test
    void aClientThatStopsReadingIsClosed4409InsteadOfBeingBufferedForWithoutBound() throws Exception {
        String sid = newSession(echoWorkflow);
        double before = gatewayCloses(4409);
        try (RawWsClient slow = new RawWsClient(wsUri(gatewayPort(), sid, "ws_token=" + token(sid)), 4096)) {
            slow.socket.setSendBufferSize(65536);
            Thread sender = new Thread(() -> {
                byte[] audio = new byte[60_000];
                try {
                    for (int i = 0; i < 1000; i++) {
                        slow.send(0x2, audio, true); // the echo agent sends each one back; nobody reads them
                    }
                } catch (java.io.IOException closedByTheGateway) {
                    // expected once the gateway gives up on this client
                }
            }, "slow-client-sender");
            sender.setDaemon(true);
            sender.start();
            Await.until(WAIT, () -> gatewayCloses(4409) > before, "4409 counted in /metrics");
        }
    }

    @Test
    void deletingTheSessionClosesItsSocket1000AndTheCloseIsCounted() throws Exception {
        String sid = newSession(echoWorkflow);
        double before = gatewayCloses(1000);
        try (WsTestClient client = open(gatewayPort(), sid, null)) {
            assertEchoes(client, 11);
            assertEquals(204, call("DELETE", "/api/v1/streaming-sessions/" + sid, null).statusCode());
            assertEquals(1000, client.awaitClose(WAIT).code());
        }
        Await.until(WAIT, () -> gatewayCloses(1000) > before, "the 1000 close counted");
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /** A workflow deployed by the control plane whose deployment only {@code pod} hosts. */
    private record Isolated(String workflow, String deployment, String spec, String session) {
    }

    /**
     * Deploys a new echo workflow (the control plane's local driver puts it on the launcher's pod), opens a session
     * on it, and moves the deployment to {@code pod} with the runtime's internal API, so that pod alone serves it.
     */
    private Isolated isolatedDeployment(RuntimeServer pod) throws Exception {
        String workflow = newEchoWorkflow();
        String session = newSession(workflow);
        String deployment = json(call("GET", "/api/v1/streaming-sessions/" + session, null)).path("deployment_id").asText();
        assertFalse(deployment.isEmpty(), "the session names its deployment");
        HttpResponse<String> spec = internal("GET", mgw.runtimeUrl(), deployment, null);
        assertEquals(200, spec.statusCode(), spec.body());
        Isolated isolated = new Isolated(workflow, deployment, spec.body(), session);
        host(isolated, pod);
        HttpResponse<String> removed = internal("DELETE", mgw.runtimeUrl(), deployment, null);
        assertEquals(204, removed.statusCode(), removed.body());
        return isolated;
    }

    private void host(Isolated dep, RuntimeServer pod) throws Exception {
        HttpResponse<String> put = internal("PUT", "http://127.0.0.1:" + pod.port(), dep.deployment, dep.spec);
        assertTrue(put.statusCode() / 100 == 2, put.statusCode() + " " + put.body());
        Await.until(WAIT, () -> podsOf(dep.deployment).contains(pod.registry().podId()),
                "the pod registered for " + dep.deployment);
    }

    private HttpResponse<String> internal(String method, String base, String deployment, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/internal/deployments/" + deployment))
                .header(InternalApi.SERVICE_TOKEN_HEADER, SERVICE_TOKEN).header("Content-Type", "application/json");
        request = body == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.method(method, HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<String> podsOf(String deployment) {
        try (StatefulRedisConnection<String, String> c = redis.connect()) {
            return c.sync().zrange(RedisKeys.podsOf(deployment), 0, -1);
        }
    }

    /** Writes {@code active 0} into the pod's registry entry, as a stale entry reads until the pod's next write. */
    private void reportRoom(RuntimeServer pod) {
        try (StatefulRedisConnection<String, String> c = redis.connect()) {
            c.sync().hset(RedisKeys.pod(pod.registry().podId()), RedisKeys.POD_ACTIVE, "0");
        }
    }

    /** A runtime pod of {@code capacity} sessions on the shared Redis and events stream. */
    private RuntimeServer pod(int capacity) {
        RuntimeServer pod = RuntimeMain.start(Map.of("MGW_BIND_HOST", "127.0.0.1", "MGW_RUNTIME_PORT", "0",
                "REDIS_URL", TestServices.redisUrl(), "MGW_SERVICE_TOKEN", SERVICE_TOKEN,
                "MGW_POD_ID", "pod-e2e-rules-" + System.nanoTime(), "MGW_POD_CAPACITY", Integer.toString(capacity),
                "MGW_EVENTS_STREAM", eventsStream, "MGW_SESSION_GRACE", "2s"));
        pods.add(pod);
        return pod;
    }

    /** Another gateway on the shared Redis and control plane, with the launcher's test settings and {@code overrides}. */
    private GatewayServer gateway(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(Map.of("MGW_BIND_HOST", "127.0.0.1", "MGW_GATEWAY_PORT", "0",
                "REDIS_URL", TestServices.redisUrl(), "MGW_JWT_SECRET", JWT_SECRET, "MGW_SERVICE_TOKEN", SERVICE_TOKEN,
                "MGW_CONTROL_PLANE_URL", mgw.controlPlaneUrl(), "MGW_PING_INTERVAL", "1s",
                "MGW_CONNECT_BUDGET", CONNECT_BUDGET.toSeconds() + "s", "MGW_SESSION_GRACE", "2s"));
        env.putAll(overrides);
        GatewayServer gateway = GatewayMain.start(env);
        gateways.add(gateway);
        return gateway;
    }

    private int gatewayPort() {
        return URI.create(mgw.gatewayUrl()).getPort();
    }

    private String newEchoWorkflow() throws Exception {
        String workflow = json(call("POST", "/api/v1/workflows", "{\"name\":\"echo agent\",\"workflowType\":\"streaming\","
                + "\"nodes\":[{\"id\":\"echo\",\"nodeId\":\"echo\"}]}")).path("workflowId").asText();
        HttpResponse<String> deployed = call("POST", "/api/v1/streaming-workflows/" + workflow + "/deploy",
                "{\"max_concurrent_sessions\":50}");
        assertTrue(deployed.statusCode() / 100 == 2, deployed.body());
        return workflow;
    }

    private String newSession(String workflow) throws Exception {
        return json(call("POST", "/api/v1/streaming-sessions", "{\"workflowId\":\"" + workflow + "\"}"))
                .path("session_id").asText();
    }

    /** A fresh ws_token: reading the session mints one. */
    private String token(String sessionId) throws Exception {
        return json(call("GET", "/api/v1/streaming-sessions/" + sessionId, null)).path("ws_token").asText();
    }

    private static String organizationOf(String token) throws java.text.ParseException {
        return SignedJWT.parse(token).getJWTClaimsSet().getStringClaim(WsTokens.CLAIM_ORGANIZATION);
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(mgw.controlPlaneUrl() + path))
                .header("X-API-Key", mgw.adminKey()).header("Content-Type", "application/json");
        request = body == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.method(method, HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertTrue(response.statusCode() / 100 == 2, response.request().uri() + " -> " + response.statusCode() + " "
                + response.body());
        return JSON.readTree(response.body());
    }

    private static URI wsUri(int port, String sessionId, String query) {
        return URI.create("ws://127.0.0.1:" + port + "/api/v1/streaming/sessions/" + sessionId + "/ws"
                + (query == null ? "" : "?" + query));
    }

    private WsTestClient open(int port, String sessionId, String extraQuery) throws Exception {
        return WsTestClient.open(wsUri(port, sessionId, "ws_token=" + token(sessionId)
                + (extraQuery == null ? "" : "&" + extraQuery)));
    }

    /** The HTTP status of a refused upgrade; fails when the upgrade succeeds. */
    private int handshakeStatus(int port, String sessionId, String query, Map<String, String> headers) {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        CompletionException failure = assertThrows(CompletionException.class, () -> builder
                .buildAsync(wsUri(port, sessionId, query), new WebSocket.Listener() { })
                .orTimeout(10, TimeUnit.SECONDS).join(), "the upgrade must be refused");
        return assertInstanceOf(WebSocketHandshakeException.class, failure.getCause()).getResponse().statusCode();
    }

    /** Sends a binary frame and expects the echo agent's copy back as the next frame. */
    private static void assertEchoes(WsTestClient client, int marker) throws Exception {
        byte[] audio = new byte[640];
        java.util.Arrays.fill(audio, (byte) marker);
        client.ws.sendBinary(ByteBuffer.wrap(audio), true).get(5, TimeUnit.SECONDS);
        Object next = client.next(WAIT);
        assertInstanceOf(byte[].class, next, "expected the echo first, got " + next);
        assertArrayEquals(audio, (byte[]) next);
    }

    private static void inject(WsTestClient client, String text) {
        client.ws.sendText("{\"type\":\"inject\",\"text\":\"" + text + "\",\"role\":\"user\"}", true).join();
    }

    /** Opens the session on {@code port}, has the pod produce {@code count} transcripts, and drops the connection. */
    private List<Long> produce(int port, String sessionId, int count) throws Exception {
        WsTestClient client = open(port, sessionId, null);
        for (int i = 0; i < count; i++) {
            inject(client, "line " + i);
        }
        List<Long> seen = client.seqs(count, Duration.ofSeconds(30));
        client.close(); // a dropped connection, no close handshake
        return seen;
    }

    private static List<Long> seqsUpTo(WsTestClient client, long last) throws InterruptedException {
        List<Long> out = new ArrayList<>();
        while (out.isEmpty() || out.get(out.size() - 1) < last) {
            out.add(client.seqs(1, WAIT).get(0));
        }
        return out;
    }

    private static long last(List<Long> seqs) {
        return seqs.get(seqs.size() - 1);
    }

    /** {@code seqs} is exactly {@code from..to} in order; a failure names the first gap or duplicate. */
    private static void assertContiguous(List<Long> seqs, long from, long to) {
        long expected = from;
        for (int i = 0; i < seqs.size(); i++, expected++) {
            if (seqs.get(i) != expected) {
                throw new AssertionError("at position " + i + " expected seq " + expected + " but got " + seqs.get(i)
                        + " (around: " + seqs.subList(Math.max(0, i - 3), Math.min(seqs.size(), i + 4)) + ")");
            }
        }
        assertEquals(to, expected - 1, "the last seq");
    }

    private double gatewayCloses(int code) {
        return metric(mgw.gatewayUrl(), "mgw_gateway_ws_closes_total", code);
    }

    private double runtimeCloses(RuntimeServer pod, int code) {
        return metric("http://127.0.0.1:" + pod.port(), "mgw_runtime_session_closes_total", code);
    }

    /** The sum of {@code name}'s samples labelled with {@code code} on a process's Prometheus page. */
    private double metric(String base, String name, int code) {
        try {
            String page = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return page.lines().filter(l -> l.startsWith(name + "{") && l.contains("code=\"" + code + "\""))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
