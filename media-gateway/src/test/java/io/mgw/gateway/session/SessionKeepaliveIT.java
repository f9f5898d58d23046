package io.mgw.gateway.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgw.gateway.testing.FakePod;
import io.mgw.gateway.testing.GatewayHarness;
import io.mgw.gateway.testing.Ids;
import io.mgw.gateway.testing.RawWsClient;
import io.mgw.gateway.testing.SessionSocketHarness;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keepalive and flow control of the session socket: ping timeout (1011) and the slow-consumer limit (4409). */
class SessionKeepaliveIT {

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
        pod.echo = false;
    }

    @AfterAll
    static void stop() {
        gateway.close();
        pod.close();
        h.close();
    }

    @Test
    void clientMissingTwoPongsIsClosed1011AndItsUpstreamReleased() throws Exception {
        String sid = h.session(deployment, "active", null);
        try (var client = new RawWsClient(SessionSocketHarness.wsUri(gateway, sid, "ws_token=" + h.token(sid)), 0)) {
            var conn = pod.await(sid, WAIT);
            assertEquals(1011, client.awaitCloseCode());
            long end = System.nanoTime() + WAIT.toNanos();
            while (conn.channel.isActive() && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertTrue(!conn.channel.isActive(), "upstream released");
        }
    }

    @Test
    void slowClientIsClosed4409() throws Exception {
        String sid = h.session(deployment, "active", null);
        try (var client = new RawWsClient(SessionSocketHarness.wsUri(gateway, sid, "ws_token=" + h.token(sid)), 4096)) {
            var conn = pod.await(sid, WAIT);
            byte[] chunk = new byte[60_000];
            for (int i = 0; i < 400 && conn.channel.isActive(); i++) {
                conn.sendBinary(chunk);
                if (!conn.channel.isWritable()) {
                    Thread.sleep(5);
                }
            }
            long end = System.nanoTime() + WAIT.toNanos();
            String line = "";
            while (System.nanoTime() < end) {
                line = gateway.get("/metrics").body().lines()
                        .filter(l -> l.startsWith("mgw_gateway_ws_closes_total{code=\"4409\"")).findFirst().orElse("");
                if (!line.isEmpty()) {
                    break;
                }
                Thread.sleep(50);
            }
            assertTrue(!line.isEmpty(), "4409 counted");
        }
    }
}
