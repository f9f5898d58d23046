package io.mgw.runtime.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgw.runtime.testing.RuntimeHarness;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Smoke test of the runtime as the launcher starts it; the shared routes are tested in netty-service's NettyServerIT. */
class RuntimeServerIT {

    private static RuntimeHarness runtime;

    @BeforeAll
    static void startRuntime() {
        runtime = new RuntimeHarness(Map.of("MGW_POD_CAPACITY", "7"));
    }

    @AfterAll
    static void stopRuntime() {
        runtime.close();
    }

    @Test
    void healthAndMetricsCarryTheRuntimeMeters() throws Exception {
        assertEquals("{\"status\":\"UP\",\"checks\":{\"redis\":\"UP\"}}", runtime.get("/health").body());
        runtime.server().metrics().sessionClosed(1013);

        String body = runtime.get("/metrics").body();

        assertTrue(body.contains("process_uptime_seconds "), "process uptime missing");
        assertTrue(body.contains("\nmgw_runtime_sessions_capacity 7.0\n"), "capacity gauge missing");
        assertTrue(body.contains("mgw_runtime_session_closes_total{code=\"1013\"} 1.0"), "session close counter missing");
        assertTrue(body.matches("(?s).*\\nmgw_runtime_connections_active [1-9][0-9]*\\.0\\n.*"), "connections gauge missing");
    }

    @Test
    void advertiseUrlDefaultsToTheBoundPort() {
        assertEquals(URI.create("ws://127.0.0.1:" + runtime.server().port()), runtime.server().advertiseUrl());
    }
}
