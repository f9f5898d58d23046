package io.mgw.gateway.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mgw.gateway.testing.FakePod;
import io.mgw.gateway.testing.GatewayHarness;
import io.mgw.gateway.testing.Ids;
import io.mgw.gateway.testing.SessionSocketHarness;
import io.mgw.gateway.testing.WsTestClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A sustained stream through the session socket (what the load tool does): 20 ms binary audio frames sent from the
 * moment the upgrade completes (so the first ones wait for the upstream and cross the probation), plus a JSON frame
 * carrying {@code seq} every 25 frames; the echoing pod returns all of them. Audio comes back complete and in order,
 * and so do the seq frames (audio never waits for Redis, so the two kinds may interleave differently).
 */
class SessionStreamIT {

    private static final int FRAMES = 100;
    private static final int SEQ_EVERY = 25;
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
        pod.echo = true;
    }

    @AfterAll
    static void stop() {
        gateway.close();
        pod.close();
        h.close();
    }

    @Test
    void sustainedStreamComesBackCompleteAndInOrder() throws Exception {
        stream(h.session(deployment, "active", null));
    }

    @Test
    void concurrentSustainedStreamsComeBackCompleteAndInOrder() throws Exception {
        List<java.util.concurrent.CompletableFuture<Void>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String sid = h.session(deployment, "active", null);
            runs.add(java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    stream(sid);
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }, java.util.concurrent.Executors.newSingleThreadExecutor()));
            Thread.sleep(50);
        }
        for (var run : runs) {
            run.join();
        }
    }

    private static void stream(String sid) throws Exception {
        try (WsTestClient client = h.connect(gateway, sid, null)) {
            long next = System.nanoTime();
            long seq = 0;
            for (int i = 1; i <= FRAMES; i++) {
                ByteBuffer frame = ByteBuffer.allocate(640).putInt(i);
                frame.position(640).flip();
                client.ws.sendBinary(frame, true).join();
                if (i % SEQ_EVERY == 0) {
                    seq++;
                    client.ws.sendText("{\"type\":\"transcript\",\"seq\":" + seq + ",\"text\":\"t" + i + "\"}", true).join();
                }
                next += 20_000_000L;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                }
            }
            List<Integer> audio = new ArrayList<>();
            List<Long> seqs = new ArrayList<>();
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (audio.size() < FRAMES || seqs.size() < seq) {
                long left = (end - System.nanoTime()) / 1_000_000;
                Object o = left <= 0 ? null : client.received.poll(left, TimeUnit.MILLISECONDS);
                if (o == null) {
                    throw new AssertionError("got " + audio.size() + " of " + FRAMES + " audio frames and " + seqs.size()
                            + " of " + seq + " seq frames; audio " + audio + " seqs " + seqs);
                }
                if (o instanceof byte[] b) {
                    assertEquals(640, b.length);
                    audio.add(ByteBuffer.wrap(b).getInt());
                } else {
                    seqs.add(WsTestClient.seqOf((String) o));
                }
            }
            assertEquals(LongStream.rangeClosed(1, FRAMES).boxed().map(Long::intValue).toList(), audio);
            assertEquals(LongStream.rangeClosed(1, seq).boxed().toList(), seqs);
        }
    }
}
