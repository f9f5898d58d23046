package io.mgw.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgw.gateway.testing.GatewayHarness;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GatewayHealthIT {

    private static GatewayHarness gateway;

    @BeforeAll
    static void startGateway() {
        gateway = GatewayHarness.start(Map.of());
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }

    @Test
    void healthIsUpWhenRedisAnswers() throws Exception {
        HttpResponse<String> response = gateway.get("/health");

        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("content-type").orElse(""));
        assertEquals("{\"status\":\"UP\",\"checks\":{\"redis\":\"UP\"}}", response.body());
    }

    @Test
    void healthIsDownWithin1sWhenRedisIsUnreachable() throws Exception {
        try (GatewayHarness noRedis = GatewayHarness.start(Map.of("REDIS_URL", "redis://127.0.0.1:" + closedPort()))) {
            long started = System.nanoTime();
            HttpResponse<String> response = noRedis.get("/health");
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

            assertEquals(503, response.statusCode());
            assertEquals("{\"status\":\"DOWN\",\"checks\":{\"redis\":\"DOWN\"}}", response.body());
            assertTrue(elapsedMillis < 1_500, "answered after " + elapsedMillis + " ms");
        }
    }

    @Test
    void metricsArePrometheusTextWithJvmAndGatewayMeters() throws Exception {
        gateway.server().metrics().wsClosed("session", 1000);

        HttpResponse<String> response = gateway.get("/metrics");

        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", response.headers().firstValue("content-type").orElse(""));
        String body = response.body();
        assertTrue(body.contains("jvm_memory_used_bytes{"), "JVM memory gauge missing");
        assertTrue(body.contains("process_uptime_seconds "), "process uptime missing");
        assertTrue(body.contains("mgw_gateway_ws_closes_total{code=\"1000\",endpoint=\"session\"} 1.0"), body);
        // this scrape's own connection is open while the gauge is read
        assertTrue(body.matches("(?s).*\\nmgw_gateway_connections_active [1-9][0-9]*\\.0\\n.*"), "connections gauge missing");
    }

    @Test
    void unknownPathIsJson404() throws Exception {
        HttpResponse<String> response = gateway.get("/nope?ws_token=secret");

        assertEquals(404, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("content-type").orElse(""));
        assertEquals("{\"error\":\"not_found\",\"message\":\"no endpoint at /nope\"}", response.body());
    }

    @Test
    void wrongMethodIsJson405WithAllow() throws Exception {
        HttpResponse<String> response = gateway.send("POST", "/health");

        assertEquals(405, response.statusCode());
        assertEquals("GET", response.headers().firstValue("allow").orElse(""));
        assertTrue(response.body().startsWith("{\"error\":\"method_not_allowed\",\"message\":"), response.body());
    }

    @Test
    void closeStopsAcceptingAndIsIdempotent() throws Exception {
        GatewayHarness second = GatewayHarness.start(Map.of());
        assertEquals(200, second.get("/metrics").statusCode());

        second.close();
        second.close();

        assertThrows(ConnectException.class, () -> second.get("/health"));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
