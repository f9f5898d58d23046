package io.mgw.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import io.mgw.adapters.contract.WsTokenKey;
import io.mgw.adapters.contract.WsTokens;
import io.mgw.embedded.EmbeddedRedisServer;
import io.mgw.gateway.server.GatewayServer;
import io.mgw.gateway.testing.Await;
import io.mgw.gateway.testing.RawWsClient;
import io.mgw.gateway.testing.WsTestClient;
import io.mgw.runtime.server.RuntimeServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * The session socket's rules (issue 7) against the real processes: the control plane mints the tokens and ends the
 * sessions, real runtime pods hold them (the launcher's pod, and pods started here with their own capacity, drained
 * or stopped to refuse with 1012 and 1013), and the gateways share one Redis. Nothing here stands in for our own code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionSocketRulesE2EIT {

    private static final Duration WAIT = RealSystem.WAIT;
    private static final Duration CONNECT_BUDGET = Duration.ofSeconds(3);
    @AutoClose
    private RealSystem system;
    private String echoWorkflow;

    @BeforeAll
    void start() throws Exception {
        system = new RealSystem("rules", Map.of("MGW_PING_INTERVAL", "1s",
                "MGW_CONNECT_BUDGET", CONNECT_BUDGET.toSeconds() + "s", "MGW_SLOW_CLIENT_TIMEOUT", "500ms",
                "MGW_SESSION_GRACE", "2s"));
        echoWorkflow = system.echoWorkflow(50);
    }

    @AfterEach
    void stopExtraProcesses() {
        system.stopExtras();
    }

    // ---- before the upgrade -------------------------------------------------------------------------------------

    @Test
    void everyRefusalBeforeTheUpgradeIsAPlainHttpStatus() throws Exception {
        String sid = newSession(echoWorkflow);
        String other = newSession(echoWorkflow);
        String org = organizationOf(token(sid));
        WsTokens expired = new WsTokens(WsTokenKey.fromSecret(RealSystem.JWT_SECRET),
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
        assertEquals(401, handshakeStatus(gatewayPort(), sid,
                "ws_token=" + new WsTokens(RealSystem.JWT_SECRET).mint(sid, "org_someone_else"), Map.of()),
                "another organization's");

        String unknown = "ses_" + Long.toHexString(System.nanoTime());
        assertEquals(404, handshakeStatus(gatewayPort(), unknown,
                "ws_token=" + new WsTokens(RealSystem.JWT_SECRET).mint(unknown, org), Map.of()), "unknown session");
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
            RealSystem.assertEchoes(header, 1);
        }
        String browser = newSession(echoWorkflow);
        try (WsTestClient query = open(gatewayPort(), browser, null)) {
            RealSystem.assertEchoes(query, 2);
        }
    }

    // ---- resume -------------------------------------------------------------------------------------------------

    @Test
    void resumeFromZeroReplaysTheWholeBufferThenGoesLive() throws Exception {
        String sid = newSession(echoWorkflow);
        List<Long> seen = system.produce(gatewayPort(), sid, 20);
        try (WsTestClient again = open(gatewayPort(), sid, "resume_from=0")) {
            List<Long> replayed = RealSystem.seqsUpTo(again, last(seen));
            assertContiguous(replayed, 1, last(seen));
            RealSystem.inject(again, "live");
            assertEquals(last(seen) + 1, again.seqs(1, WAIT).get(0), "live frames continue the sequence");
        }
    }

    @Test
    void resumeFromTheMiddleReplaysOnlyTheLaterFrames() throws Exception {
        String sid = newSession(echoWorkflow);
        List<Long> seen = system.produce(gatewayPort(), sid, 20);
        long from = seen.get(9);
        try (WsTestClient again = open(gatewayPort(), sid, "resume_from=" + from)) {
            assertContiguous(RealSystem.seqsUpTo(again, last(seen)), from + 1, last(seen));
            RealSystem.inject(again, "live");
            assertEquals(last(seen) + 1, again.seqs(1, WAIT).get(0));
        }
    }

    @Test
    void resumeFromBeyondTheEndReplaysNothingThenGoesLive() throws Exception {
        String sid = newSession(echoWorkflow);
        List<Long> seen = system.produce(gatewayPort(), sid, 5);
        try (WsTestClient again = open(gatewayPort(), sid, "resume_from=" + (last(seen) + 1000))) {
            RealSystem.assertEchoes(again, 3); // the link is live, and nothing came before the echo
            RealSystem.inject(again, "live");
            assertEquals(last(seen) + 1, again.seqs(1, WAIT).get(0));
        }
    }

    @Test
    void resumeFromTheLargestSignedValueReplaysNothingThenGoesLive() throws Exception {
        String sid = newSession(echoWorkflow);
        List<Long> seen = system.produce(gatewayPort(), sid, 5);
        try (WsTestClient again = open(gatewayPort(), sid, "resume_from=" + Long.MAX_VALUE)) {
            RealSystem.assertEchoes(again, 12);
            RealSystem.inject(again, "live");
            assertEquals(last(seen) + 1, again.seqs(1, WAIT).get(0));
            assertFalse(again.closed.isDone(), "still open");
        }
    }

    @Test
    void aMalformedResumeValueIsIgnoredAsIfAbsent() throws Exception {
        String sid = newSession(echoWorkflow);
        system.produce(gatewayPort(), sid, 5);
        for (String bad : List.of("abc", "-1", "12345678901234567890", "9223372036854775808", "", "1e3")) {
            try (WsTestClient again = open(gatewayPort(), sid, "resume_from=" + bad)) {
                RealSystem.assertEchoes(again, 4); // would fail on a replayed transcript arriving first
            }
        }
    }

    @Test
    void resumeFromOlderThanTheBufferSaysSoBeforeTheReplay() throws Exception {
        GatewayServer smallBuffer = gateway(Map.of("MGW_RESUME_MAXLEN", "20"));
        String sid = newSession(echoWorkflow);
        List<Long> seen = system.produce(smallBuffer.port(), sid, 300);
        long from = seen.get(0);
        try (WsTestClient again = open(smallBuffer.port(), sid, "resume_from=" + from)) {
            JsonNode gap = RealSystem.JSON.readTree(again.nextText(WAIT));
            assertEquals("resume_gap", gap.path("type").asText(), gap.toString());
            assertEquals(from, gap.path("from_seq").asLong());
            long first = gap.path("first_available_seq").asLong();
            assertTrue(first > from + 1 && first <= last(seen), "frames were trimmed: " + gap);
            assertContiguous(RealSystem.seqsUpTo(again, last(seen)), first, last(seen));
        }
    }

    // ---- routing: refusals during the connect budget, and after it -------------------------------------------------

    @Test
    void aPodAtCapacityRefusing1013IsRetriedUntilItHasRoom() throws Exception {
        RuntimeServer small = pod(1);
        Isolated dep = isolatedDeployment(small);
        // A budget far beyond what a slow machine needs here: the retry, not the budget, is under test.
        GatewayServer patient = gateway(Map.of("MGW_CONNECT_BUDGET", "30s"));
        try (WsTestClient holder = open(patient.port(), dep.session, null)) {
            RealSystem.assertEchoes(holder, 5);
            String waiting = newSession(dep.workflow);
            try (WsTestClient queued = open(patient.port(), waiting, null)) {
                reportRoomUntilRefused(small, () -> false);
                RealSystem.inject(queued, "sent while no pod had taken the session");
                assertEquals(204, call("DELETE", "/api/v1/streaming-sessions/" + dep.session, null).statusCode());
                String transcript = queued.nextText(WAIT);
                assertTrue(transcript.contains("sent while no pod had taken the session"), "the queued frame arrived: "
                        + transcript);
                RealSystem.assertEchoes(queued, 6);
                assertFalse(queued.closed.isDone(), "the client never saw the refusal");
            }
        }
    }

    @Test
    void whenEveryPodStaysFullTheClientGets1013OnceTheBudgetIsSpent() throws Exception {
        RuntimeServer small = pod(1);
        Isolated dep = isolatedDeployment(small);
        try (WsTestClient holder = open(gatewayPort(), dep.session, null)) {
            RealSystem.assertEchoes(holder, 7);
            long before = System.nanoTime();
            try (WsTestClient refused = open(gatewayPort(), newSession(dep.workflow), null)) {
                reportRoomUntilRefused(small, refused.closed::isDone);
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
        GatewayServer patient = gateway(Map.of("MGW_CONNECT_BUDGET", "30s"));
        try (WsTestClient client = open(patient.port(), dep.session, null)) {
            Await.until(WAIT, () -> runtimeCloses(draining, 1012) >= 1, "the draining pod refused with 1012");
            system.host(dep.deployment, healthy);
            RealSystem.assertEchoes(client, 8);
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
            RealSystem.assertEchoes(client, 9);
            system.host(dep.deployment, second);
            first.close(); // SIGTERM: drains its sessions with 1012 and leaves the registry
            WsTestClient.Closed closed = client.awaitClose(WAIT);
            assertEquals(1012, closed.code(), closed.toString());
        }
        try (WsTestClient again = open(gatewayPort(), dep.session, null)) {
            RealSystem.assertEchoes(again, 10);
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
        // Pings far apart: a client that reads nothing never answers one either, and this is about the other rule.
        GatewayServer gateway = gateway(Map.of("MGW_PING_INTERVAL", "60s"));
        String url = "http://127.0.0.1:" + gateway.port();
        String sid = newSession(echoWorkflow);
        try (RawWsClient slow = new RawWsClient(wsUri(gateway.port(), sid, "ws_token=" + token(sid)), 4096)) {
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
            Await.until(Duration.ofSeconds(30), () -> system.gatewayCloses(url, 4409) == 1, "4409 counted in /metrics");
        }
        // The session outlives its slow client: a resume gets live frames again.
        try (WsTestClient again = open(gateway.port(), sid, "resume_from=0")) {
            RealSystem.inject(again, "after the slow client");
            assertEquals(1, again.seqs(1, WAIT).size());
        }
    }

    @Test
    void deletingTheSessionClosesItsSocket1000AndTheCloseIsCountedAndLoggedOnce() throws Exception {
        String sid = newSession(echoWorkflow);
        double before = gatewayCloses(1000);
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        var logs = new ListAppender<ILoggingEvent>();
        logs.start();
        root.addAppender(logs);
        try {
            try (WsTestClient client = open(gatewayPort(), sid, null)) {
                RealSystem.assertEchoes(client, 11);
                assertEquals(204, call("DELETE", "/api/v1/streaming-sessions/" + sid, null).statusCode());
                assertEquals(1000, client.awaitClose(WAIT).code());
            }
            Await.until(WAIT, () -> gatewayCloses(1000) > before, "the 1000 close counted");
            Await.until(WAIT, () -> closeLines(logs, sid).size() == 1, "the close logged");
            Thread.sleep(300);
            List<String> lines = closeLines(logs, sid);
            assertEquals(1, lines.size(), "logged once: " + lines);
            String line = lines.get(0);
            assertTrue(line.contains("code=1000") && line.contains("reason=") && line.contains("duration_ms=")
                    && line.contains("frames_in=1") && line.contains("frames_out=1"), line);
        } finally {
            root.detachAppender(logs);
        }
    }

    private static List<String> closeLines(ListAppender<ILoggingEvent> logs, String sessionId) {
        return List.copyOf(logs.list).stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("ws_closed") && m.contains("session=" + sessionId)).toList();
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /**
     * Writes that {@code pod} has room, as its registry entry reads between heartbeats when another gateway just took
     * the slot, until the pod has refused a link with 1013 or {@code orElse} holds: the pod's own writes correct the
     * entry, so it is said again each time.
     */
    private void reportRoomUntilRefused(RuntimeServer pod, java.util.function.BooleanSupplier orElse)
            throws InterruptedException {
        Await.until(WAIT, () -> {
            system.reportRoom(pod);
            return runtimeCloses(pod, 1013) >= 1 || orElse.getAsBoolean();
        }, "the pod refused a link with 1013");
    }

    /** A workflow of its own whose deployment only {@code pod} serves, and a session on it. */
    private record Isolated(String workflow, RealSystem.Deployment deployment, String session) {
    }

    private Isolated isolatedDeployment(RuntimeServer pod) throws Exception {
        String workflow = system.echoWorkflow(50);
        RealSystem.Deployment deployment = system.moveTo(workflow, pod);
        return new Isolated(workflow, deployment, system.newSession(workflow));
    }

    private int gatewayPort() {
        return system.gatewayPort();
    }

    private String newSession(String workflow) throws Exception {
        return system.newSession(workflow);
    }

    private String token(String sessionId) throws Exception {
        return system.token(sessionId);
    }

    private WsTestClient open(int port, String sessionId, String extraQuery) throws Exception {
        return system.open(port, sessionId, extraQuery);
    }

    private static URI wsUri(int port, String sessionId, String query) {
        return RealSystem.sessionUri(port, sessionId, query);
    }

    private static String organizationOf(String token) throws java.text.ParseException {
        return SignedJWT.parse(token).getJWTClaimsSet().getStringClaim(WsTokens.CLAIM_ORGANIZATION);
    }

    /** The HTTP status of a refused upgrade; fails when the upgrade succeeds. */
    private int handshakeStatus(int port, String sessionId, String query, Map<String, String> headers) {
        WebSocket.Builder builder = system.http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        CompletionException failure = assertThrows(CompletionException.class, () -> builder
                .buildAsync(wsUri(port, sessionId, query), new WebSocket.Listener() { })
                .orTimeout(10, TimeUnit.SECONDS).join(), "the upgrade must be refused");
        return assertInstanceOf(WebSocketHandshakeException.class, failure.getCause()).getResponse().statusCode();
    }

    private static long last(List<Long> seqs) {
        return seqs.get(seqs.size() - 1);
    }

    private static void assertContiguous(List<Long> seqs, long from, long to) {
        RealSystem.assertContiguous(seqs, from, to);
    }

    private double gatewayCloses(int code) {
        return system.gatewayCloses(system.mgw.gatewayUrl(), code);
    }

    private double runtimeCloses(RuntimeServer pod, int code) {
        return system.podCloses(pod, code);
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return system.call(method, path, body);
    }

    private RuntimeServer pod(int capacity) {
        return system.pod(capacity);
    }

    private GatewayServer gateway(Map<String, String> overrides) {
        return system.gateway(overrides);
    }
}
