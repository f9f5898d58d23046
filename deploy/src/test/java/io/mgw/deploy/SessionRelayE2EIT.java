package io.mgw.deploy;

import static io.mgw.deploy.RealSystem.WAIT;
import static io.mgw.deploy.RealSystem.assertEchoes;
import static io.mgw.deploy.RealSystem.inject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.api.StatefulRedisConnection;
import io.mgw.adapters.contract.RedisKeys;
import io.mgw.gateway.server.GatewayServer;
import io.mgw.gateway.testing.Await;
import io.mgw.gateway.testing.RawWsClient;
import io.mgw.gateway.testing.WsTestClient;
import io.mgw.gateway.upstream.SessionAdmission;
import io.mgw.runtime.server.RuntimeServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The session socket's relay through the real processes: sustained audio and sequenced frames, protocol errors from
 * the client, the deployment's concurrency limit, frames queued while no pod has room, a draining gateway handing its
 * clients over, what the resume buffer keeps and when it expires, and the metrics an operator graphs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionRelayE2EIT {

    @AutoClose
    private RealSystem system;
    private String echoWorkflow;

    @BeforeAll
    void start() throws Exception {
        system = new RealSystem("relay", Map.of("MGW_PING_INTERVAL", "1s", "MGW_CONNECT_BUDGET", "3s",
                "MGW_SESSION_GRACE", "3s", "MGW_RESUME_EXPIRY", "60s"));
        echoWorkflow = system.echoWorkflow(100);
    }

    @AfterEach
    void stopExtraProcesses() {
        system.stopExtras();
    }

    // ---- frames ---------------------------------------------------------------------------------------------------

    @Test
    void aSustainedStreamComesBackCompleteAndInOrder() throws Exception {
        stream(system.newSession(echoWorkflow));
    }

    @Test
    void concurrentSustainedStreamsComeBackCompleteAndInOrder() throws Exception {
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        var threads = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 4; i++) {
                String sid = system.newSession(echoWorkflow);
                runs.add(CompletableFuture.runAsync(() -> {
                    try {
                        stream(sid);
                    } catch (Exception e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                }, threads));
            }
            runs.forEach(CompletableFuture::join);
        } finally {
            threads.shutdownNow();
        }
    }

    /** 100 numbered 20 ms audio frames at real time with an inject every 25: all echoed in order, seqs contiguous. */
    private void stream(String sid) throws Exception {
        int frames = 100;
        try (WsTestClient client = system.open(system.gatewayPort(), sid, null)) {
            long next = System.nanoTime();
            for (int i = 1; i <= frames; i++) {
                ByteBuffer frame = ByteBuffer.allocate(640).putInt(i);
                frame.position(640).flip();
                client.ws.sendBinary(frame, true).join();
                if (i % 25 == 0) {
                    inject(client, "t" + i);
                }
                next += 20_000_000L;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                }
            }
            List<Integer> audio = new ArrayList<>();
            List<Long> seqs = new ArrayList<>();
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (audio.size() < frames || seqs.size() < frames / 25) {
                long left = (end - System.nanoTime()) / 1_000_000;
                Object o = left <= 0 ? null : client.received.poll(left, TimeUnit.MILLISECONDS);
                if (o == null) {
                    throw new AssertionError("got " + audio.size() + " audio frames and " + seqs.size() + " seq frames");
                }
                if (o instanceof byte[] b) {
                    assertEquals(640, b.length);
                    audio.add(ByteBuffer.wrap(b).getInt());
                } else if (WsTestClient.seqOf((String) o) > 0) {
                    seqs.add(WsTestClient.seqOf((String) o));
                }
            }
            assertEquals(IntStream.rangeClosed(1, frames).boxed().toList(), audio, "every frame back, in order");
            RealSystem.assertContiguous(seqs, seqs.get(0), seqs.get(0) + seqs.size() - 1);
        }
    }

    // ---- what a client may not do -----------------------------------------------------------------------------

    @Test
    void aFrameOverTheSizeLimitCloses1009AndIsCounted() throws Exception {
        String sid = system.newSession(echoWorkflow);
        double before = system.gatewayCloses(system.mgw.gatewayUrl(), 1009);
        try (WsTestClient client = system.open(system.gatewayPort(), sid, null)) {
            assertEchoes(client, 1);
            client.ws.sendBinary(ByteBuffer.wrap(new byte[70_000]), true);
            assertEquals(1009, client.awaitClose(WAIT).code());
        }
        Await.until(WAIT, () -> system.gatewayCloses(system.mgw.gatewayUrl(), 1009) > before, "1009 counted");
    }

    @Test
    void anUnmaskedClientFrameCloses1002() throws Exception {
        String sid = system.newSession(echoWorkflow);
        try (RawWsClient client = new RawWsClient(uri(sid), 0)) {
            client.send(0x1, "{\"type\":\"inject\",\"text\":\"x\"}".getBytes(StandardCharsets.UTF_8), false);
            assertEquals(1002, client.awaitCloseCode());
        }
    }

    @Test
    void aCloseCodeNoEndpointMaySendIsAnswered1002AndOthersAreEchoed() throws Exception {
        double withoutStatus = system.gatewayCloses(system.mgw.gatewayUrl(), 1005);
        for (int[] sentAndAnswered : new int[][] {{1005, 1002}, {999, 1002}, {2000, 1002}, {-1, -1}, {4321, 4321}}) {
            String sid = system.newSession(echoWorkflow);
            try (RawWsClient client = new RawWsClient(uri(sid), 0)) {
                int code = sentAndAnswered[0];
                client.send(0x8, code < 0 ? new byte[0] : new byte[] {(byte) (code >> 8), (byte) code}, true);
                assertEquals(sentAndAnswered[1], client.awaitCloseCode(), "answer to a close with " + code);
            }
        }
        Await.until(WAIT, () -> system.gatewayCloses(system.mgw.gatewayUrl(), 1005) > withoutStatus,
                "a close without status counts as 1005");
    }

    // ---- the deployment's limit, and frames waiting for a pod -------------------------------------------------------

    @Test
    void theDeploymentsConcurrencyLimitRefuses1013() throws Exception {
        String limited = system.echoWorkflow(1);
        try (WsTestClient first = system.open(system.gatewayPort(), system.newSession(limited), null);
                WsTestClient second = system.open(system.gatewayPort(), system.newSession(limited), null)) {
            assertEchoes(first, 2);
            assertEquals(1013, second.awaitClose(WAIT).code());
        }
    }

    @Test
    void sessionsLeftByADeadGatewayStopCountingAgainstTheLimit() throws Exception {
        String limited = system.echoWorkflow(1);
        String probe = system.newSession(limited);
        String deployment = system.session(probe).path("deployment_id").asText();
        system.endSession(probe);
        String key = RedisKeys.liveSessions(deployment);
        long now = System.currentTimeMillis();
        try (StatefulRedisConnection<String, String> redis = system.redis.connect()) {
            redis.sync().zadd(key, now - SessionAdmission.STALE_AFTER.toMillis() - 1_000, "sess_of_a_crashed_gateway");
            String a = system.newSession(limited);
            try (WsTestClient first = system.open(system.gatewayPort(), a, null)) {
                assertEchoes(first, 3);
                assertEquals(List.of(a), redis.sync().zrange(key, 0, -1), "the stale member dropped, the new one counted");
            }
            redis.sync().zrem(key, a);
            redis.sync().zadd(key, now, "sess_held_by_a_live_gateway");
            try (WsTestClient second = system.open(system.gatewayPort(), system.newSession(limited), null)) {
                assertEquals(1013, second.awaitClose(WAIT).code(), "a fresh member still counts");
            }
        }
    }

    @Test
    void jsonFramesWaitingForAPodAreAllDeliveredInOrderWhileAudioBeyondASecondIsDropped() throws Exception {
        String workflow = system.echoWorkflowOnlyOn(system.pod(1));
        GatewayServer patient = system.gateway(Map.of("MGW_CONNECT_BUDGET", "30s"));
        String holder = system.newSession(workflow);
        try (WsTestClient first = system.open(patient.port(), holder, null)) {
            assertEchoes(first, 4);
            try (WsTestClient waiting = system.open(patient.port(), system.newSession(workflow), null)) {
                for (int i = 0; i < 120; i++) {
                    inject(waiting, "q" + i);
                    waiting.ws.sendBinary(ByteBuffer.wrap(new byte[] {(byte) i}), true).join();
                }
                Thread.sleep(300);
                system.endSession(holder); // the pod has room now
                List<String> lines = new ArrayList<>();
                int audio = 0;
                Object next;
                while (lines.size() < 120 && (next = waiting.received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    if (next instanceof String text) {
                        lines.add(RealSystem.JSON.readTree(text).path("text").asText());
                    } else {
                        audio++;
                    }
                }
                assertEquals(IntStream.range(0, 120).mapToObj(i -> "q" + i).toList(), lines, "every JSON frame, in order");
                assertTrue(audio < 120, "audio beyond the queue's second was dropped: " + audio + " echoed");
            }
        }
    }

    @Test
    void aDeleteWhileTheGatewayIsStillLookingForAPodEndsTheSessionWith1000() throws Exception {
        String workflow = system.echoWorkflowOnlyOn(system.pod(1));
        GatewayServer patient = system.gateway(Map.of("MGW_CONNECT_BUDGET", "30s"));
        try (WsTestClient holder = system.open(patient.port(), system.newSession(workflow), null)) {
            assertEchoes(holder, 5);
            String waiting = system.newSession(workflow);
            try (WsTestClient client = system.open(patient.port(), waiting, null)) {
                Thread.sleep(500); // the gateway is retrying: the only pod is full
                system.endSession(waiting);
                assertEquals(1000, client.awaitClose(WAIT).code());
            }
        }
    }

    @Test
    void aRegisteredPodThatCannotBeReachedSurfaces1011() throws Exception {
        RuntimeServer gone = system.pod(10);
        String workflow = system.echoWorkflow(10);
        RealSystem.Deployment deployment = system.moveTo(workflow, gone);
        String podId = gone.registry().podId();
        gone.close();
        try (StatefulRedisConnection<String, String> redis = system.redis.connect()) {
            // What a pod that crashed leaves until its entry's TTL runs out: an entry whose URL answers nothing.
            redis.sync().hset(RedisKeys.pod(podId), Map.of(RedisKeys.POD_URL, "ws://127.0.0.1:1", RedisKeys.POD_CAPACITY,
                    "10", RedisKeys.POD_ACTIVE, "0", RedisKeys.POD_DEPLOYMENTS, deployment.id()));
            redis.sync().expire(RedisKeys.pod(podId), 60);
            redis.sync().zadd(RedisKeys.podsOf(deployment.id()), System.currentTimeMillis(), podId);
        }
        try (WsTestClient client = system.open(system.gatewayPort(), system.newSession(workflow), null)) {
            assertEquals(1011, client.awaitClose(WAIT).code());
        }
    }

    // ---- the resume buffer --------------------------------------------------------------------------------------

    @Test
    void aBufferLostWithRedisIsReportedAsAGapOnResume() throws Exception {
        String sid = system.newSession(echoWorkflow);
        List<Long> seen = system.produce(system.gatewayPort(), sid, 10);
        long last = seen.get(seen.size() - 1);
        try (StatefulRedisConnection<String, String> redis = system.redis.connect()) {
            // The gateway appends to the buffer asynchronously: what Redis loses must include the last frame.
            Await.until(WAIT, () -> redis.sync().xrevrange(RedisKeys.sessionFrames(sid), io.lettuce.core.Range.create("-", "+"),
                    io.lettuce.core.Limit.from(1)).stream().anyMatch(m -> m.getId().startsWith(last + "-")),
                    "the last frame buffered");
            redis.sync().del(RedisKeys.session(sid), RedisKeys.sessionFrames(sid)); // a Redis restart without persistence
        }
        try (WsTestClient again = system.open(system.gatewayPort(), sid, "resume_from=" + seen.get(3))) {
            JsonNode gap = RealSystem.JSON.readTree(again.nextText(WAIT));
            assertEquals("resume_gap", gap.path("type").asText(), gap.toString());
            assertEquals((long) seen.get(3), gap.path("from_seq").asLong());
            assertEquals(last + 1, gap.path("first_available_seq").asLong(), "everything buffered is gone");
            inject(again, "live");
            assertEquals(last + 1, again.seqs(1, WAIT).get(0));
        }
    }

    @Test
    void anEndedSessionsBufferExpiresAndALetGoSessionExpiresUnlessAnotherGatewayHoldsIt() throws Exception {
        String ended = system.newSession(echoWorkflow);
        try (WsTestClient client = system.open(system.gatewayPort(), ended, null)) {
            inject(client, "one");
            client.seqs(1, WAIT);
            system.endSession(ended);
            assertEquals(1000, client.awaitClose(WAIT).code());
        }
        Await.until(WAIT, () -> ttl(RedisKeys.session(ended)) > 0 && ttl(RedisKeys.sessionFrames(ended)) > 0,
                "an ended session's hash and frames expire");

        RuntimeServer moving = system.pod(10);
        String workflow = system.echoWorkflowOnlyOn(moving);
        String letGo = system.newSession(workflow);
        try (WsTestClient client = system.open(system.gatewayPort(), letGo, null)) {
            inject(client, "one");
            client.seqs(1, WAIT);
            moving.close(); // the pod drains: the gateway lets the session go, unended
            assertEquals(1012, client.awaitClose(WAIT).code());
        }
        Await.until(WAIT, () -> ttl(RedisKeys.session(letGo)) > 0 && ttl(RedisKeys.sessionFrames(letGo)) > 0,
                "a session let go expires unless taken up");

        String held = system.newSession(echoWorkflow);
        GatewayServer other = system.gateway(Map.of());
        List<Long> seen = system.produce(system.gatewayPort(), held, 3);
        try (WsTestClient again = system.open(other.port(), held, "resume_from=" + seen.get(2))) {
            assertEchoes(again, 6); // taken over: the first gateway let its link go
            Thread.sleep(4_000); // past the first gateway's grace period (3 s): it must not mark the session to expire
            assertEquals(-1, ttl(RedisKeys.session(held)), "the gateway holding it keeps it");
            assertEquals(-1, ttl(RedisKeys.sessionFrames(held)));
        }
    }

    private long ttl(String key) {
        try (StatefulRedisConnection<String, String> redis = system.redis.connect()) {
            return redis.sync().ttl(key);
        }
    }

    // ---- a gateway that stops ------------------------------------------------------------------------------------

    @Test
    void aDrainingGatewayHandsItsClientsToAnotherGatewayWithNothingLost() throws Exception {
        String sid = system.newSession(echoWorkflow);
        GatewayServer stopping = system.gateway(Map.of("MGW_DRAIN_SECONDS", "20s"));
        GatewayServer other = system.gateway(Map.of());
        WsTestClient first = system.open(stopping.port(), sid, null);
        List<Long> before = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            inject(first, "before " + i);
        }
        before.addAll(first.seqs(5, WAIT));

        long started = System.nanoTime();
        CompletableFuture<Void> closed = CompletableFuture.runAsync(stopping::close);
        assertEquals(1012, first.awaitClose(WAIT).code(), "the client is told to reconnect elsewhere");
        first.close();
        assertTrue(refusesConnections(stopping.port()), "no new connections while draining");
        for (int i = 0; i < 5; i++) { // while the client is away: the draining gateway still buffers the pod's frames
            RealSystem.json(system.call("POST", "/api/v1/streaming-sessions/" + sid + "/inject",
                    "{\"text\":\"away " + i + "\"}"));
        }
        Thread.sleep(300);
        assertFalse(closed.isDone(), "the session has not moved yet, so the gateway waits");
        long watermark = before.get(before.size() - 1);
        try (WsTestClient again = system.open(other.port(), sid, "resume_from=" + watermark)) {
            RealSystem.assertContiguous(again.seqs(5, WAIT), watermark + 1, watermark + 5);
            closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(15).toNanos(),
                    "the drain ended when the session moved, not at its deadline");
            inject(again, "after");
            assertEquals(watermark + 6, again.seqs(1, WAIT).get(0));
        }
    }

    @Test
    void aHandshakeStillLookingItsSessionUpWhenTheGatewayStopsIsAnsweredWith1012() throws Exception {
        String sid = system.newSession(echoWorkflow);
        try (HoldingTcpRelay slowControlPlane = new HoldingTcpRelay(URI.create(system.mgw.controlPlaneUrl()).getPort())) {
            GatewayServer stopping = system.gateway(Map.of("MGW_DRAIN_SECONDS", "20s",
                    "MGW_CONTROL_PLANE_URL", "http://127.0.0.1:" + slowControlPlane.port()));
            slowControlPlane.hold();
            CompletableFuture<WsTestClient> opening = CompletableFuture.supplyAsync(() -> {
                try {
                    return system.open(stopping.port(), sid, null);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Await.until(WAIT, () -> slowControlPlane.held() == 1, "the session lookup is on its way");
            CompletableFuture<Void> closed = CompletableFuture.runAsync(stopping::close);
            Await.until(WAIT, () -> refusesConnections(stopping.port()), "the gateway drains");
            assertFalse(closed.isDone(), "the drain waits for the handshake");
            slowControlPlane.release();
            try (WsTestClient client = opening.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                assertEquals(1012, client.awaitClose(WAIT).code(), "told to reconnect elsewhere, not cut");
            }
            closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Whether a new connection is refused (a pooled HTTP connection would still be answered while draining). */
    private static boolean refusesConnections(int port) {
        try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return false;
        } catch (ConnectException refused) {
            return true;
        } catch (IOException other) {
            return false;
        }
    }

    @Test
    void aGatewayWithNoSessionsStopsAtOnce() {
        GatewayServer idle = system.gateway(Map.of("MGW_DRAIN_SECONDS", "30s"));
        long started = System.nanoTime();
        idle.close();
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(10).toNanos());
    }

    // ---- metrics ----------------------------------------------------------------------------------------------------

    @Test
    void connectsResumesAndHeldSessionsAreGraphable() throws Exception {
        String url = system.mgw.gatewayUrl();
        double connects = system.metric(url, "mgw_gateway_upstream_connects_total", "result=\"ok\"");
        double replays = system.metric(url, "mgw_gateway_resume_replays_total", "gap=\"false\"");
        String sid = system.newSession(echoWorkflow);
        WsTestClient first = system.open(system.gatewayPort(), sid, null);
        inject(first, "a");
        inject(first, "b");
        List<Long> seen = first.seqs(2, WAIT);
        assertTrue(system.metric(url, "mgw_gateway_sessions_held") >= 1, "held sessions");
        first.close();
        try (WsTestClient again = system.open(system.gatewayPort(), sid, "resume_from=" + seen.get(0))) {
            assertEquals(List.of(seen.get(1)), again.seqs(1, WAIT));
        }
        assertTrue(system.metric(url, "mgw_gateway_upstream_connects_total", "result=\"ok\"") > connects);
        assertTrue(system.metric(url, "mgw_gateway_resume_replays_total", "gap=\"false\"") > replays);
    }

    private URI uri(String sid) throws Exception {
        return RealSystem.sessionUri(system.gatewayPort(), sid, "ws_token=" + system.token(sid));
    }
}
