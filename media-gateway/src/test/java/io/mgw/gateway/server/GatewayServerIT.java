package io.mgw.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgw.gateway.testing.GatewayHarness;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Smoke test of the gateway as the launcher starts it; the shared routes are tested in netty-service's NettyServerIT. */
class GatewayServerIT {

    private static GatewayHarness gateway;

    @BeforeAll
    static void startGateway() {
        gateway = new GatewayHarness(Map.of());
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }

    @Test
    void healthIsUpWhenRedisAnswers() throws Exception {
        HttpResponse<String> response = gateway.get("/health");

        assertEquals(200, response.statusCode());
        assertEquals("{\"status\":\"UP\",\"checks\":{\"redis\":\"UP\"}}", response.body());
    }

    @Test
    void metricsCarryTheGatewayMeters() throws Exception {
        gateway.server().metrics().wsClosed("session", 1000);

        HttpResponse<String> response = gateway.get("/metrics");

        assertEquals(200, response.statusCode());
        String body = response.body();
        assertTrue(body.contains("jvm_memory_used_bytes{"), "JVM memory gauge missing");
        assertTrue(body.contains("mgw_gateway_ws_closes_total{code=\"1000\",endpoint=\"session\"} 1.0"), body);
        // this scrape's own connection is open while the gauge is read
        assertTrue(body.matches("(?s).*\\nmgw_gateway_connections_active [1-9][0-9]*\\.0\\n.*"), "connections gauge missing");
    }

    @Test
    void publicWsBaseDefaultsToTheBoundPort() {
        assertEquals(URI.create("ws://127.0.0.1:" + gateway.server().port()), gateway.server().publicWsBase());
    }
}
