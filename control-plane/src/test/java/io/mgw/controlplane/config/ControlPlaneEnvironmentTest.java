package io.mgw.controlplane.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgw.adapters.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControlPlaneEnvironmentTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void mapsDatabaseUrlWithCredentialsToDatasourceProperties() {
        Map<String, Object> properties = ControlPlaneEnvironment.toProperties(Map.of(
                "DATABASE_URL", "postgresql://app:s%40cret@db.internal:5433/mgw",
                "MGW_JWT_SECRET", SECRET, "MGW_SERVICE_TOKEN", SECRET, "MGW_SECRET_KEY", SECRET,
                "MGW_CONTROL_PLANE_PORT", "9090"));
        assertEquals("jdbc:postgresql://db.internal:5433/mgw", properties.get("datasources.default.url"));
        assertEquals("app", properties.get("datasources.default.username"));
        assertEquals("s@cret", properties.get("datasources.default.password"));
        assertEquals(9090, properties.get("micronaut.server.port"));
    }

    @Test
    void reportsEveryProblemAtOnce() {
        ConfigException error = assertThrows(ConfigException.class, () -> ControlPlaneEnvironment.toProperties(Map.of(
                "DATABASE_URL", "mysql://nope",
                "MGW_CONTROL_PLANE_PORT", "70000",
                "MGW_JWT_SECRET", "short",
                "MGW_BOOTSTRAP_API_KEY", "tiny",
                "MGW_MAX_REQUEST_BYTES", "lots")));
        assertEquals(7, error.problems().size(), error.getMessage());
        assertTrue(error.getMessage().contains("MGW_JWT_SECRET: too short (5 bytes); at least 32 bytes are required"));
        assertTrue(error.getMessage().contains("MGW_SERVICE_TOKEN: not set"));
        assertTrue(error.getMessage().contains("MGW_CONTROL_PLANE_PORT"));
    }

    @Test
    void theFlowStreamLimitMayBeLoweredButNeverRaisedAboveTheDocumentsThreeHundredSeconds() {
        Map<String, String> base = Map.of("DATABASE_URL", "postgresql://db/mgw", "MGW_JWT_SECRET", SECRET,
                "MGW_SERVICE_TOKEN", SECRET, "MGW_SECRET_KEY", SECRET);
        Map<String, String> lowered = new java.util.HashMap<>(base);
        lowered.put("MGW_FLOW_STREAM_MAX_SECONDS", "30");
        lowered.put("MGW_STREAM_HEARTBEAT", "5s");
        lowered.put("MGW_LOGIN_SESSION_TTL", "2h");
        lowered.put("MGW_SESSION_COOKIE_SECURE", "true");
        Map<String, Object> properties = ControlPlaneEnvironment.toProperties(lowered);
        assertEquals("30s", properties.get("mgw.run-streams.flow-max-duration"));
        assertEquals("5000ms", properties.get("mgw.run-streams.heartbeat"));
        assertEquals("7200s", properties.get("mgw.login.ttl"));
        assertEquals(true, properties.get("mgw.login.cookie-secure"));

        Map<String, String> raised = new java.util.HashMap<>(base);
        raised.put("MGW_FLOW_STREAM_MAX_SECONDS", "301");
        raised.put("MGW_SESSION_COOKIE_SECURE", "yes");
        ConfigException error = assertThrows(ConfigException.class, () -> ControlPlaneEnvironment.toProperties(raised));
        assertEquals(2, error.problems().size(), error.getMessage());
        assertTrue(error.getMessage().contains("MGW_FLOW_STREAM_MAX_SECONDS"));
        assertTrue(error.getMessage().contains("MGW_SESSION_COOKIE_SECURE"));
    }
}
