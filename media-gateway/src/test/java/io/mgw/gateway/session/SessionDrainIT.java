package io.mgw.gateway.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgw.gateway.testing.FakePod;
import io.mgw.gateway.testing.GatewayHarness;
import io.mgw.gateway.testing.Ids;
import io.mgw.gateway.testing.SessionSocketHarness;
import io.mgw.gateway.testing.WsTestClient;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A gateway that stops drains (the Helm chart's preStop): its clients get 1012, resume on another gateway and miss
 * nothing, while the stopping gateway keeps buffering until the takeover; it stops as soon as its sessions moved.
 */
class SessionDrainIT {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static SessionSocketHarness h;
    private static FakePod pod;
    private static String deployment;

    @BeforeAll
    static void start() throws Exception {
        h = new SessionSocketHarness();
        deployment = Ids.deployment();
        pod = new FakePod(deployment).register(h.redis, 100, 0);
    }

    @AfterAll
    static void stop() {
        pod.close();
        h.close();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void drainingGatewayHandsItsClientsToAnotherGatewayWithNothingLost() throws Exception {
        String sid = h.session(deployment, "active", null);
        GatewayHarness stopping = h.gateway(Map.of("MGW_DRAIN_SECONDS", "20s"));
        try (GatewayHarness other = h.gateway(Map.of())) {
            WsTestClient first = h.connect(stopping, sid, null);
            pod.await(sid, WAIT);
            pod.sendSeqs(sid, 10);
            assertEquals(range(1, 10), first.seqs(10, WAIT));

            long started = System.nanoTime();
            CompletableFuture<Void> closed = CompletableFuture.runAsync(stopping::close);
            assertEquals(1012, first.awaitClose(WAIT).code(), "the client is told to reconnect elsewhere");
            assertThrows(ConnectException.class, () -> stopping.get("/health"), "no new connections while draining");

            pod.sendSeqs(sid, 5); // the draining gateway still holds the pod's link and buffers these
            Thread.sleep(200);
            assertFalse(closed.isDone(), "the session has not moved yet, so the gateway waits");
            try (WsTestClient again = h.connect(other, sid, "resume_from=10")) {
                assertEquals(range(11, 15), again.seqs(5, WAIT));
                assertTrue(pod.await(sid, WAIT).takeover, "the other gateway took the pod's link over");
                closed.get(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                assertTrue(System.nanoTime() - started < Duration.ofSeconds(15).toNanos(),
                        "the drain ended when the session moved, not at its deadline");
                pod.sendSeqs(sid, 3);
                assertEquals(range(16, 18), again.seqs(3, WAIT));
            }
        } finally {
            stopping.close();
        }
    }

    @Test
    void drainWithNoSessionsStopsAtOnce() {
        GatewayHarness idle = h.gateway(Map.of("MGW_DRAIN_SECONDS", "30s"));
        long started = System.nanoTime();
        idle.close();
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(10).toNanos());
    }
}
