package io.mgw.deploy;

import static io.mgw.deploy.RealSystem.inject;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mgw.gateway.server.GatewayServer;
import io.mgw.gateway.testing.WsTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Resume through the real processes: the real runtime stamps {@code seq} on transcripts (one per inject), a client
 * drops and resumes with {@code resume_from} on the other of two gateways sharing one Redis, also while the pod keeps
 * producing, and sees every frame exactly once and in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionResumeE2EIT {

    private static final Duration LONG_WAIT = Duration.ofSeconds(60);
    @AutoClose
    private RealSystem system;
    private GatewayServer second;
    private String workflow;

    @BeforeAll
    void start() throws Exception {
        system = new RealSystem("resume", Map.of("MGW_RESUME_MAXLEN", "20000"));
        second = system.gateway(Map.of());
        workflow = system.echoWorkflow(50);
    }

    @Test
    void resumeOnTheOtherGatewayFromTheMiddleMissesAndRepeatsNothing() throws Exception {
        String sid = system.newSession(workflow);
        WsTestClient first = system.open(system.gatewayPort(), sid, null);
        for (int i = 1; i <= 200; i++) {
            inject(first, "line " + i);
        }
        List<Long> seen = first.seqs(120, LONG_WAIT);
        first.close(); // a dropped connection, no close handshake
        long watermark = seen.get(seen.size() - 1);
        try (WsTestClient again = system.open(second.port(), sid, "resume_from=" + watermark)) {
            List<Long> replayed = RealSystem.seqsUpTo(again, seen.get(0) + 199);
            RealSystem.assertContiguous(replayed, watermark + 1, seen.get(0) + 199);
            inject(again, "after the resume");
            assertEquals(seen.get(0) + 200, again.seqs(1, RealSystem.WAIT).get(0), "live frames continue the sequence");
        }
    }

    @Test
    void resumeWhileThePodKeepsProducingLosesAndRepeatsNothingOverThousandsOfFrames() throws Exception {
        String sid = system.newSession(workflow);
        WsTestClient first = system.open(system.gatewayPort(), sid, null);
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicInteger injected = new AtomicInteger();
        // Control-channel injects: the pod produces whether or not a client is attached.
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            while (producing.get() && injected.get() < 3000) {
                try {
                    RealSystem.json(system.call("POST", "/api/v1/streaming-sessions/" + sid + "/inject",
                            "{\"text\":\"n" + injected.get() + "\"}"));
                    injected.incrementAndGet();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        List<Long> seen = first.seqs(500, LONG_WAIT);
        first.close();
        long watermark = seen.get(seen.size() - 1);
        Thread.sleep(300); // frames keep coming while no client is attached
        List<Long> after;
        try (WsTestClient again = system.open(second.port(), sid, "resume_from=" + watermark)) {
            after = again.seqs(1000, LONG_WAIT);
        } finally {
            producing.set(false);
            producer.get(60, TimeUnit.SECONDS);
        }
        List<Long> all = new ArrayList<>(seen);
        all.addAll(after);
        // 1500 frames across a drop, a resume on another gateway and a live pod: no gap, no duplicate
        RealSystem.assertContiguous(all, seen.get(0), seen.get(0) + 1499);
    }
}
