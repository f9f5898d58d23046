package io.mgw.gateway.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgw.adapters.contract.ControlMessage;
import io.mgw.adapters.contract.RedisKeys;
import io.mgw.adapters.contract.WsTokens;
import io.mgw.adapters.frame.FrameJson;
import io.mgw.gateway.testing.Await;
import io.mgw.gateway.testing.FakePod;
import io.mgw.gateway.upstream.SessionAdmission;
import io.mgw.gateway.testing.GatewayHarness;
import io.mgw.gateway.testing.Ids;
import io.mgw.gateway.testing.RawWsClient;
import io.mgw.gateway.testing.SessionSocketHarness;
import io.mgw.gateway.testing.WsTestClient;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The session socket after the upgrade: relay, seq buffering, resume, connect retries and close codes. */
class SessionRelayIT {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static SessionSocketHarness h;
    private static GatewayHarness gateway;
    private static FakePod pod;
    private static String deployment;

    @BeforeAll
    static void start() throws Exception {
        h = new SessionSocketHarness();
        gateway = h.gateway(Map.of());
        deployment = Ids.deployment();
        pod = new FakePod(deployment).register(h.redis, 1000, 0);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        pod.close();
        h.close();
    }

    private String session() {
        return h.session(deployment, "active", null);
    }

    private static List<Long> range(long fromInclusive, long toInclusive) {
        return LongStream.rangeClosed(fromInclusive, toInclusive).boxed().toList();
    }

    /** Sends unsequenced frames from the pod until one reaches {@code client}: the client is attached to the link. */
    private void awaitAttached(String sid, WsTestClient client) throws InterruptedException {
        for (int attempt = 0; attempt < 50; attempt++) {
            pod.current(sid).sendText("{\"type\":\"clear\"}");
            if (client.received.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS) != null) {
                client.received.clear();
                return;
            }
        }
        throw new AssertionError("the resumed client was never attached");
    }

    /** Waits until the gateway listens on the session's control channel (an {@code end} published before is lost). */
    private static void awaitControlSubscriber(String sid) throws InterruptedException {
        try (var c = h.redis.connect()) {
            Await.until(WAIT, () -> c.sync().pubsubNumsub(RedisKeys.control(sid)).get(RedisKeys.control(sid)) >= 1,
                    "the gateway subscribes to the session's control channel");
        }
    }

    /** Opens a session and lets the pod send {@code n} seq frames the client reads. */
    private WsTestClient openWithFrames(String sid, int n) throws Exception {
        WsTestClient client = h.connect(gateway, sid, null);
        pod.await(sid, WAIT);
        pod.sendSeqs(sid, n);
        assertEquals(range(1, n), client.seqs(n, WAIT));
        return client;
    }

    @Test
    void framesPassUnchangedBothWays() throws Exception {
        String sid = session();
        try (var client = h.connect(gateway, sid, null)) {
            var conn = pod.await(sid, WAIT);
            pod.echo = true;
            byte[] audio = new byte[640];
            for (int i = 0; i < audio.length; i++) {
                audio[i] = (byte) i;
            }
            client.ws.sendBinary(ByteBuffer.wrap(audio), true).join();
            assertArrayEquals(audio, (byte[]) conn.next(WAIT));
            assertArrayEquals(audio, (byte[]) client.next(WAIT));
            String odd = "{ \"type\" : \"dtmf\",  \"digit\":\"#\" ,\"x\":\"\\u00e9\"}";
            client.ws.sendText(odd, true).join();
            assertEquals(odd, conn.next(WAIT));
            assertEquals(odd, client.next(WAIT));
            String transcript = "{\"type\":\"transcript\", \"seq\" : 7,\"text\":\"h\\\"seq\\\":99\"}";
            conn.sendText(transcript);
            assertEquals(transcript, client.next(WAIT));
            try (var c = h.redis.connect()) {
                assertEquals("7", c.sync().hget(RedisKeys.session(sid), RedisKeys.SESSION_LAST_SEQ));
                assertEquals(transcript, c.sync().xrange(RedisKeys.sessionFrames(sid), io.lettuce.core.Range.create("7-1", "7-1"))
                        .get(0).getBody().get("f"));
                assertEquals(pod.podId, c.sync().hget(RedisKeys.session(sid), RedisKeys.SESSION_POD));
                assertEquals(gateway.server().gatewayId(), c.sync().hget(RedisKeys.session(sid), RedisKeys.SESSION_GATEWAY));
            }
        }
    }

    @Test
    void resumeFromZeroReplaysEverything() throws Exception {
        String sid = session();
        openWithFrames(sid, 20).close();
        try (var again = h.connect(gateway, sid, "resume_from=0")) {
            assertEquals(range(1, 20), again.seqs(20, WAIT));
            pod.sendSeqs(sid, 3);
            assertEquals(range(21, 23), again.seqs(3, WAIT));
        }
    }

    @Test
    void resumeFromTheMiddleReplaysOnlyLaterFrames() throws Exception {
        String sid = session();
        openWithFrames(sid, 20).close();
        try (var again = h.connect(gateway, sid, "resume_from=12")) {
            assertEquals(range(13, 20), again.seqs(8, WAIT));
            pod.sendSeqs(sid, 2);
            assertEquals(range(21, 22), again.seqs(2, WAIT));
        }
    }

    @Test
    void resumeFromBeyondTheEndReplaysNothingThenLive() throws Exception {
        String sid = session();
        openWithFrames(sid, 5).close();
        try (var again = h.connect(gateway, sid, "resume_from=500")) {
            // Frames the pod sends before the resumed client is attached are past the client's watermark and are
            // not replayed (W=500 > everything buffered): wait until a live frame gets through first.
            awaitAttached(sid, again);
            pod.sendSeqs(sid, 2);
            assertEquals(range(6, 7), again.seqs(2, WAIT));
        }
    }

    @Test
    void malformedResumeValueIsIgnored() throws Exception {
        String sid = session();
        openWithFrames(sid, 5).close();
        for (String bad : List.of("abc", "-1", "12345678901234567890", "9223372036854775808", "")) {
            try (var again = h.connect(gateway, sid, "resume_from=" + bad)) {
                Thread.sleep(100);
                assertTrue(again.received.isEmpty(), "nothing replayed for resume_from=" + bad);
            }
        }
    }

    @Test
    void resumeFromTheLargestSignedValueReplaysNothingThenLive() throws Exception {
        String sid = session();
        openWithFrames(sid, 5).close();
        try (var again = h.connect(gateway, sid, "resume_from=" + Long.MAX_VALUE)) {
            awaitAttached(sid, again);
            pod.sendSeqs(sid, 2);
            assertEquals(range(6, 7), again.seqs(2, WAIT));
            assertTrue(!again.closed.isDone(), "still open: " + (again.closed.isDone() ? again.closed.join() : ""));
        }
    }

    @Test
    void aBufferLostWithRedisIsReportedAsAGapWhenTheClientResumesOnTheSameGateway() throws Exception {
        String sid = session();
        openWithFrames(sid, 10).close();
        try (var c = h.redis.connect()) { // what a Redis restart without persistence leaves: nothing
            Thread.sleep(200);
            c.sync().del(RedisKeys.session(sid), RedisKeys.sessionFrames(sid));
        }
        try (var again = h.connect(gateway, sid, "resume_from=4")) {
            var gap = FrameJson.mapper().readTree(again.nextText(WAIT));
            assertEquals("resume_gap", gap.get("type").asText(), gap.toString());
            assertEquals(4, gap.get("from_seq").asLong());
            assertEquals(11, gap.get("first_available_seq").asLong(), "5 to 10 are gone with the buffer");
            pod.sendSeqs(sid, 2);
            assertEquals(range(11, 12), again.seqs(2, WAIT));
        }
    }

    @Test
    void resumeOlderThanTheBufferSendsResumeGapFirst() throws Exception {
        String sid = session();
        openWithFrames(sid, 30).close();
        try (var c = h.redis.connect()) {
            c.sync().xtrim(RedisKeys.sessionFrames(sid), 10); // exact trim: 21..30 remain
        }
        try (var again = h.connect(gateway, sid, "resume_from=5")) {
            String gap = again.nextText(WAIT);
            var node = FrameJson.mapper().readTree(gap);
            assertEquals("resume_gap", node.get("type").asText());
            assertEquals(5, node.get("from_seq").asLong());
            assertEquals(21, node.get("first_available_seq").asLong());
            assertTrue(!node.get("epoch").asText().isEmpty());
            assertEquals(range(21, 30), again.seqs(10, WAIT));
        }
    }

    @Test
    void resumeWhileFramesFlowLosesAndRepeatsNothing() throws Exception {
        String sid = session();
        int total = 4000;
        var first = h.connect(gateway, sid, null);
        pod.await(sid, WAIT);
        Thread sender = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                pod.sendSeq(sid);
                if (i % 200 == 0) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        });
        sender.start();
        List<Long> seen = first.seqs(500, Duration.ofSeconds(20));
        first.close();
        long w = seen.get(seen.size() - 1);
        try (var again = h.connect(gateway, sid, "resume_from=" + w)) {
            List<Long> rest = again.seqs((int) (total - w), Duration.ofSeconds(30));
            assertEquals(range(w + 1, total), rest);
        } finally {
            sender.join();
        }
        assertEquals(range(1, w), seen);
    }

    @Test
    void crossInstanceResumeMissesNothing() throws Exception {
        String sid = session();
        try (GatewayHarness other = h.gateway(Map.of())) {
            var first = openWithFrames(sid, 10);
            first.close();
            pod.sendSeqs(sid, 5); // sent while the client is away: buffered by the first gateway
            Thread.sleep(200);
            try (var again = h.connect(other, sid, "resume_from=10")) {
                assertEquals(range(11, 15), again.seqs(5, WAIT));
                var conn = pod.await(sid, WAIT);
                assertTrue(conn.takeover, "second gateway took the session over");
                pod.sendSeqs(sid, 3);
                assertEquals(range(16, 18), again.seqs(3, WAIT));
            }
        }
    }

    @Test
    void upstream1012AfterUpgradeReachesClient() throws Exception {
        String sid = session();
        try (var client = h.connect(gateway, sid, null)) {
            var conn = pod.await(sid, WAIT);
            conn.sendText("{\"type\":\"clear\"}");
            client.next(WAIT);
            conn.close(1012);
            assertEquals(1012, client.awaitClose(WAIT).code());
        }
    }

    @Test
    void podEndThenCloseGivesClient1000() throws Exception {
        String sid = session();
        try (var client = h.connect(gateway, sid, null)) {
            var conn = pod.await(sid, WAIT);
            conn.sendText("{\"type\":\"end\",\"seq\":1,\"reason\":\"completed\"}");
            conn.close(1000);
            assertEquals("{\"type\":\"end\",\"seq\":1,\"reason\":\"completed\"}", client.nextText(WAIT));
            assertEquals(1000, client.awaitClose(WAIT).code());
        }
        Thread.sleep(100);
        try (var c = h.redis.connect()) {
            assertTrue(c.sync().ttl(RedisKeys.session(sid)) > 0, "session hash expires after the end");
            assertTrue(c.sync().ttl(RedisKeys.sessionFrames(sid)) > 0, "frames expire after the end");
        }
    }

    @Test
    void controlChannelEndClosesWith1000() throws Exception {
        String sid = session();
        try (var client = h.connect(gateway, sid, null); var c = h.redis.connect()) {
            pod.await(sid, WAIT);
            awaitControlSubscriber(sid);
            c.sync().publish(RedisKeys.control(sid), FrameJson.mapper().writeValueAsString(ControlMessage.end(sid, "deleted")));
            assertEquals(1000, client.awaitClose(WAIT).code());
        }
    }

    @Test
    void aDeleteWhileTheGatewayIsStillLookingForAPodEndsTheSessionWith1000() throws Exception {
        String dep = Ids.deployment();
        try (FakePod full = new FakePod(dep).register(h.redis, 10, 0);
                GatewayHarness patient = h.gateway(Map.of("MGW_CONNECT_BUDGET", "30s"));
                var c = h.redis.connect()) {
            full.mode = FakePod.Mode.CLOSE_1013;
            String sid = h.session(dep, "active", null);
            try (var client = h.connect(patient, sid, null)) {
                awaitControlSubscriber(sid);
                c.sync().publish(RedisKeys.control(sid), FrameJson.mapper().writeValueAsString(ControlMessage.end(sid, "deleted")));
                assertEquals(1000, client.awaitClose(WAIT).code());
            }
        }
    }

    @Test
    void aSessionLetGoWithoutEndingExpiresUnlessAnotherGatewayHoldsIt() throws Exception {
        String sid = session();
        try (var client = openWithFrames(sid, 3)) {
            pod.current(sid).close(1012); // the pod moves the session: this gateway lets it go, unended
            assertEquals(1012, client.awaitClose(WAIT).code());
        }
        try (var c = h.redis.connect()) {
            Await.until(WAIT, () -> c.sync().ttl(RedisKeys.session(sid)) > 0, "the hash expires unless taken up");
            assertTrue(c.sync().ttl(RedisKeys.sessionFrames(sid)) > 0, "so do the frames");
        }
        String held = session();
        try (GatewayHarness other = h.gateway(Map.of())) {
            openWithFrames(held, 3).close();
            try (var again = h.connect(other, held, "resume_from=3")) {
                awaitAttached(held, again); // taken over: the first gateway's link is let go
                Thread.sleep(300);
                try (var c = h.redis.connect()) {
                    assertEquals(-1, c.sync().ttl(RedisKeys.session(held)), "the gateway holding it keeps it");
                    assertEquals(-1, c.sync().ttl(RedisKeys.sessionFrames(held)));
                }
            }
        }
    }

    @Test
    void aClientResumingAfterASlowOneWasClosedGetsLiveFramesAgain() throws Exception {
        String sid = session();
        double slowBefore = meterOrZero("mgw_gateway_ws_closes_total{code=\"4409\",endpoint=\"session\"}");
        try (var slow = new RawWsClient(SessionSocketHarness.wsUri(gateway, sid, "ws_token=" + h.token(sid)), 4096)) {
            var conn = pod.await(sid, WAIT);
            byte[] chunk = new byte[60_000];
            for (int i = 0; i < 100 && conn.channel.isActive(); i++) { // the slow client pauses the pod's reads
                conn.sendBinary(chunk);
                if (!conn.channel.isWritable()) {
                    Thread.sleep(5);
                }
            }
            Await.until(WAIT, () -> meterOrZero("mgw_gateway_ws_closes_total{code=\"4409\",endpoint=\"session\"}") > slowBefore,
                    "the slow client is closed 4409");
        }
        try (var again = h.connect(gateway, sid, "resume_from=0")) {
            pod.sendSeqs(sid, 3);
            assertEquals(range(1, 3), again.seqs(3, Duration.ofSeconds(15)));
        }
    }

    @Test
    void aCloseCodeNoEndpointMaySendIsAnswered1002AndOneWithoutStatusIsEchoedEmpty() throws Exception {
        for (int[] sentAndAnswered : new int[][] {{1005, 1002}, {999, 1002}, {2000, 1002}, {-1, -1}, {4321, 4321}}) {
            String sid = session();
            URI uri = SessionSocketHarness.wsUri(gateway, sid, WsTokens.QUERY_PARAMETER + "=" + h.token(sid));
            try (var client = new RawWsClient(uri, 0)) {
                pod.await(sid, WAIT);
                int code = sentAndAnswered[0];
                client.send(0x8, code < 0 ? new byte[0] : new byte[] {(byte) (code >> 8), (byte) code}, true);
                assertEquals(sentAndAnswered[1], client.awaitCloseCode(), "answer to a close with " + code);
            }
        }
        assertTrue(meter("mgw_gateway_ws_closes_total{code=\"1005\",endpoint=\"session\"}") >= 1, "no status counts as 1005");
    }

    @Test
    void theGatewaysCloseFrameReachesAPodThatIsStillSending() throws Exception {
        String sid = session();
        try (var client = h.connect(gateway, sid, null); var c = h.redis.connect()) {
            FakePod.Conn conn = pod.await(sid, WAIT);
            awaitControlSubscriber(sid);
            // The pod keeps streaming audio, so the gateway has unread frames from it when it closes its leg.
            var flood = conn.channel.eventLoop().scheduleAtFixedRate(() -> {
                for (int i = 0; i < 8 && conn.channel.isActive(); i++) {
                    conn.channel.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[640])));
                }
                conn.channel.flush();
            }, 0, 1, TimeUnit.MILLISECONDS);
            try {
                Thread.sleep(200);
                c.sync().publish(RedisKeys.control(sid), FrameJson.mapper().writeValueAsString(ControlMessage.end(sid, "deleted")));
                assertEquals(1000, client.awaitClose(WAIT).code());
                Await.until(WAIT, () -> !conn.channel.isActive(), "the pod's link closes");
                assertEquals(1000, conn.closeCodeSeen, "the pod read the gateway's close frame, not a reset");
            } finally {
                flood.cancel(false);
            }
        }
    }

    @Test
    void oversizedClientFrameCloses1009() throws Exception {
        String sid = session();
        try (var client = h.connect(gateway, sid, null)) {
            pod.await(sid, WAIT);
            client.ws.sendBinary(ByteBuffer.wrap(new byte[70_000]), true);
            assertEquals(1009, client.awaitClose(WAIT).code());
        }
    }

    @Test
    void unmaskedClientFrameCloses1002() throws Exception {
        String sid = session();
        URI uri = SessionSocketHarness.wsUri(gateway, sid, WsTokens.QUERY_PARAMETER + "=" + h.token(sid));
        try (var client = new RawWsClient(uri, 0)) {
            pod.await(sid, WAIT);
            client.send(0x1, "{\"type\":\"inject\",\"text\":\"x\"}".getBytes(StandardCharsets.UTF_8), false);
            assertEquals(1002, client.awaitCloseCode());
        }
    }

    @Test
    void maxConcurrentSessionsRefusesWith1013() throws Exception {
        String dep = Ids.deployment();
        try (FakePod own = new FakePod(dep).register(h.redis, 10, 0)) {
            String a = h.session(dep, "active", 1);
            String b = h.session(dep, "active", 1);
            try (var first = h.connect(gateway, a, null); var second = h.connect(gateway, b, null)) {
                own.await(a, WAIT);
                assertEquals(1013, second.awaitClose(WAIT).code());
            }
        }
    }

    @Test
    void sessionsLeftByADeadGatewayStopCountingAgainstTheLimit() throws Exception {
        String dep = Ids.deployment();
        try (FakePod own = new FakePod(dep).register(h.redis, 10, 0); var redis = h.redis.connect()) {
            long now = System.currentTimeMillis();
            String key = RedisKeys.liveSessions(dep);
            redis.sync().zadd(key, now - SessionAdmission.STALE_AFTER.toMillis() - 1_000, "sess_of_a_crashed_gateway");
            String a = h.session(dep, "active", 1);
            try (var first = h.connect(gateway, a, null)) {
                own.await(a, WAIT);
                assertEquals(List.of(a), redis.sync().zrange(key, 0, -1), "the stale member was dropped, the new one counted");
            }
            redis.sync().zrem(key, a);
            redis.sync().zadd(key, now, "sess_held_by_a_live_gateway");
            String b = h.session(dep, "active", 1);
            try (var second = h.connect(gateway, b, null)) {
                assertEquals(1013, second.awaitClose(WAIT).code(), "a fresh member still counts");
            }
        }
    }

    @Test
    void capacityRefusalsAreRetriedThenSurfacedAs1013() throws Exception {
        String dep = Ids.deployment();
        try (FakePod full = new FakePod(dep).register(h.redis, 10, 0)) {
            full.mode = FakePod.Mode.CLOSE_1013;
            String sid = h.session(dep, "active", null);
            try (var client = h.connect(gateway, sid, null)) {
                assertEquals(1013, client.awaitClose(Duration.ofSeconds(6)).code());
                assertTrue(full.attempts() >= 2, "retried: " + full.attempts());
            }
        }
    }

    @Test
    void reassignRefusalsAreRetriedThenSurfacedAs1011() throws Exception {
        String dep = Ids.deployment();
        try (FakePod draining = new FakePod(dep).register(h.redis, 10, 0)) {
            draining.mode = FakePod.Mode.CLOSE_1012;
            String sid = h.session(dep, "active", null);
            try (var client = h.connect(gateway, sid, null)) {
                assertEquals(1011, client.awaitClose(Duration.ofSeconds(6)).code());
                assertTrue(draining.attempts() >= 2, "retried: " + draining.attempts());
            }
        }
    }

    @Test
    void refusalDuringTheBudgetIsRetriedOnAnotherPodAndQueuedFramesArrive() throws Exception {
        String dep = Ids.deployment();
        // A budget far beyond what a slow machine needs here: the session must still be waiting for a pod when the
        // healthy one registers, or the test measures the budget instead of the retry.
        try (FakePod refusing = new FakePod(dep).register(h.redis, 10, 0);
                GatewayHarness patient = h.gateway(Map.of("MGW_CONNECT_BUDGET", "30s"))) {
            refusing.mode = FakePod.Mode.CLOSE_1013;
            String sid = h.session(dep, "active", null);
            try (var client = h.connect(patient, sid, null)) {
                client.ws.sendText("{\"type\":\"dtmf\",\"digit\":\"1\"}", true).join();
                Thread.sleep(300);
                try (FakePod healthy = new FakePod(dep).register(h.redis, 10, 5)) {
                    healthy.echo = false;
                    var conn = healthy.await(sid, WAIT);
                    assertEquals("{\"type\":\"dtmf\",\"digit\":\"1\"}", conn.next(WAIT));
                    conn.sendText("{\"type\":\"clear\"}");
                    assertEquals("{\"type\":\"clear\"}", client.nextText(WAIT));
                }
            }
        }
    }

    @Test
    void aPodThatDropsTheLinkBeforeSayingAnythingIsRetriedLikeARefusal() throws Exception {
        String dep = Ids.deployment();
        try (FakePod dropping = new FakePod(dep).register(h.redis, 10, 0);
                GatewayHarness patient = h.gateway(Map.of("MGW_CONNECT_BUDGET", "30s"))) {
            dropping.mode = FakePod.Mode.DROP;
            String sid = h.session(dep, "active", null);
            try (var client = h.connect(patient, sid, null)) {
                Await.until(WAIT, () -> dropping.attempts() >= 2, "the dropped link is retried");
                try (FakePod healthy = new FakePod(dep).register(h.redis, 10, 5)) {
                    healthy.echo = false;
                    var conn = healthy.await(sid, WAIT);
                    conn.sendText("{\"type\":\"clear\"}");
                    assertEquals("{\"type\":\"clear\"}", client.nextText(WAIT));
                    assertTrue(!client.closed.isDone(), "never closed 1011");
                }
            }
        }
    }

    @Test
    void jsonFramesWaitingForAPodAreKeptWhileOnlyAudioBeyondASecondIsDropped() throws Exception {
        String dep = Ids.deployment();
        // A budget far beyond the time the 240 sends take on a slow machine: the session must still be waiting for a
        // pod when the healthy one registers, or the test measures the budget instead of the queue.
        try (FakePod refusing = new FakePod(dep).register(h.redis, 10, 0);
                GatewayHarness patient = h.gateway(Map.of("MGW_CONNECT_BUDGET", "30s"))) {
            refusing.mode = FakePod.Mode.CLOSE_1013;
            String sid = h.session(dep, "active", null);
            try (var client = h.connect(patient, sid, null)) {
                for (int i = 0; i < 120; i++) {
                    client.ws.sendText("{\"type\":\"inject\",\"text\":\"" + i + "\"}", true).join();
                    client.ws.sendBinary(ByteBuffer.wrap(new byte[] {(byte) i}), true).join();
                }
                Thread.sleep(300);
                try (FakePod healthy = new FakePod(dep).register(h.redis, 10, 5)) {
                    healthy.echo = false;
                    var conn = healthy.await(sid, WAIT);
                    int texts = 0;
                    int audio = 0;
                    Object next;
                    while ((next = conn.received.poll(1, java.util.concurrent.TimeUnit.SECONDS)) != null) {
                        if (next instanceof String text) {
                            assertEquals("{\"type\":\"inject\",\"text\":\"" + texts + "\"}", text, "in order, none lost");
                            texts++;
                        } else {
                            audio++;
                        }
                    }
                    assertEquals(120, texts, "every JSON frame reached the pod");
                    assertTrue(audio < 120, "audio beyond the queue's second was dropped: " + audio);
                }
            }
        }
    }

    @Test
    void noPodReachableSurfaces1011() throws Exception {
        String dep = Ids.deployment();
        try (var c = h.redis.connect()) {
            String podId = "pod-" + Ids.random(8);
            c.sync().hset(RedisKeys.pod(podId), Map.of(RedisKeys.POD_URL, "ws://127.0.0.1:1", RedisKeys.POD_CAPACITY, "5",
                    RedisKeys.POD_ACTIVE, "0", RedisKeys.POD_DEPLOYMENTS, dep));
            c.sync().expire(RedisKeys.pod(podId), 60);
            c.sync().zadd(RedisKeys.podsOf(dep), System.currentTimeMillis(), podId);
        }
        String sid = h.session(dep, "active", null);
        try (var client = h.connect(gateway, sid, null)) {
            assertEquals(1011, client.awaitClose(Duration.ofSeconds(6)).code());
        }
    }

    @Test
    void closesAreCountedInMetrics() throws Exception {
        oversizedClientFrameCloses1009();
        String body = gateway.get("/metrics").body();
        assertTrue(body.contains("mgw_gateway_ws_closes_total{code=\"1009\",endpoint=\"session\"}"),
                body.lines().filter(l -> l.contains("closes")).toList().toString());
    }

    @Test
    void connectsResumesAndHeldSessionsAreGraphable() throws Exception {
        double connectsBefore = meter("mgw_gateway_upstream_connects_total{result=\"ok\"}");
        double replaysBefore = meter("mgw_gateway_resume_replays_total{gap=\"false\"}");
        String sid = session();
        var first = openWithFrames(sid, 3);
        assertTrue(meter("mgw_gateway_sessions_held") >= 1);
        first.close();
        try (var again = h.connect(gateway, sid, "resume_from=1")) {
            assertEquals(range(2, 3), again.seqs(2, WAIT));
        }
        assertTrue(meter("mgw_gateway_upstream_connects_total{result=\"ok\"}") > connectsBefore);
        assertEquals(replaysBefore + 1, meter("mgw_gateway_resume_replays_total{gap=\"false\"}"));
        assertTrue(gateway.get("/metrics").body().contains("mgw_gateway_resume_degraded_total"), "exists at zero");
    }

    /** The series' value, 0 while it is not exported yet. */
    private double meterOrZero(String series) {
        try {
            return gateway.get("/metrics").body().lines().filter(l -> l.startsWith(series + " ")).findFirst()
                    .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim())).orElse(0.0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private double meter(String series) throws Exception {
        return gateway.get("/metrics").body().lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError(series + " not exported"));
    }
}
