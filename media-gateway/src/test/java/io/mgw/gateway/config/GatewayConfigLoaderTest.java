package io.mgw.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgw.adapters.config.ConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GatewayConfigLoaderTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private static Map<String, String> secretsAnd(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(Map.of("MGW_JWT_SECRET", SECRET, "MGW_SERVICE_TOKEN", "svc-token"));
        env.putAll(more);
        return env;
    }

    @Test
    void defaultsMatchDesign() {
        GatewayConfig config = GatewayConfigLoader.load(secretsAnd(Map.of()));

        assertEquals(new GatewayConfig.Server("0.0.0.0", 8081, 1, Optional.empty()), config.server());
        assertEquals(Duration.ofNanos(300_000), config.server().wakeupCoalescing());
        assertEquals(URI.create("redis://127.0.0.1:6379"), config.redis().url());
        assertEquals("mgw:events", config.redis().eventsStream(), "the stream the control plane consumes by default");
        assertEquals(URI.create("http://127.0.0.1:8080"), config.controlPlane().internalUrl());
        assertEquals("svc-token", config.controlPlane().serviceToken());
        assertEquals(SECRET, config.auth().jwtSecret());
        assertEquals(new GatewayConfig.SessionSocket(Duration.ofSeconds(15), Duration.ofSeconds(10), 65536), config.sessionSocket());
        assertEquals(new GatewayConfig.Resume(2000, Duration.ofSeconds(600), Duration.ofSeconds(30)), config.resume());
        assertEquals(Duration.ofSeconds(10), config.agentStream().handshakeTimeout());
    }

    @Test
    void everyValueCanBeOverridden() {
        GatewayConfig config = GatewayConfigLoader.load(secretsAnd(Map.ofEntries(
                Map.entry("MGW_BIND_HOST", "127.0.0.1"),
                Map.entry("MGW_GATEWAY_PORT", "0"),
                Map.entry("MGW_IO_THREADS", "2"),
                Map.entry("MGW_PUBLIC_WS_BASE", "wss://voice.example.com"),
                Map.entry("REDIS_URL", "rediss://redis.internal:6380"),
                Map.entry("MGW_EVENTS_STREAM", "mgw:events:eu"),
                Map.entry("MGW_CONTROL_PLANE_URL", "https://cp.internal:8443"),
                Map.entry("MGW_PING_INTERVAL", "20s"),
                Map.entry("MGW_CONNECT_BUDGET", "2500ms"),
                Map.entry("MGW_MAX_FRAME_SIZE", "131072"),
                Map.entry("MGW_RESUME_MAXLEN", "500"),
                Map.entry("MGW_RESUME_EXPIRY", "1h"),
                Map.entry("MGW_SESSION_GRACE", "0"),
                Map.entry("MGW_AGENT_HANDSHAKE_TIMEOUT", "5"),
                Map.entry("MGW_DRAIN_SECONDS", "30"),
                Map.entry("MGW_WAKEUP_COALESCING_US", "0"))));

        assertEquals(new GatewayConfig.Server("127.0.0.1", 0, 2, Optional.of(URI.create("wss://voice.example.com")),
                Duration.ofSeconds(30), Duration.ZERO), config.server());
        assertEquals(URI.create("rediss://redis.internal:6380"), config.redis().url());
        assertEquals("mgw:events:eu", config.redis().eventsStream());
        assertEquals(URI.create("https://cp.internal:8443"), config.controlPlane().internalUrl());
        assertEquals(new GatewayConfig.SessionSocket(Duration.ofSeconds(20), Duration.ofMillis(2500), 131072), config.sessionSocket());
        assertEquals(new GatewayConfig.Resume(500, Duration.ofHours(1), Duration.ZERO), config.resume());
        assertEquals(Duration.ofSeconds(5), config.agentStream().handshakeTimeout());
    }

    @Test
    void everyInvalidValueIsReportedInOneException() {
        Map<String, String> env = Map.ofEntries(
                Map.entry("MGW_GATEWAY_PORT", "80a"),
                Map.entry("MGW_IO_THREADS", "0"),
                Map.entry("MGW_PUBLIC_WS_BASE", "http://voice.example.com"),
                Map.entry("MGW_WAKEUP_COALESCING_US", "2001"),
                Map.entry("REDIS_URL", "localhost:6379"),
                Map.entry("MGW_CONTROL_PLANE_URL", "ftp://cp"),
                Map.entry("MGW_PING_INTERVAL", "soon"),
                Map.entry("MGW_CONNECT_BUDGET", "0"),
                Map.entry("MGW_MAX_FRAME_SIZE", "99999999999"),
                Map.entry("MGW_RESUME_MAXLEN", "-1"),
                Map.entry("MGW_RESUME_EXPIRY", "10d"),
                Map.entry("MGW_AGENT_HANDSHAKE_TIMEOUT", "1.5s"),
                Map.entry("MGW_EVENTS_STREAM", "two words"),
                Map.entry("MGW_JWT_SECRET", "short"));

        ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfigLoader.load(env));

        List<String> names = e.problems().stream().map(p -> p.substring(0, p.indexOf(':'))).toList();
        assertEquals(List.of("MGW_GATEWAY_PORT", "MGW_IO_THREADS", "MGW_PUBLIC_WS_BASE", "MGW_WAKEUP_COALESCING_US",
                "REDIS_URL", "MGW_EVENTS_STREAM", "MGW_CONTROL_PLANE_URL", "MGW_SERVICE_TOKEN", "MGW_JWT_SECRET", "MGW_PING_INTERVAL",
                "MGW_CONNECT_BUDGET", "MGW_MAX_FRAME_SIZE", "MGW_RESUME_MAXLEN", "MGW_RESUME_EXPIRY",
                "MGW_AGENT_HANDSHAKE_TIMEOUT"), names);
        assertTrue(e.getMessage().startsWith("invalid media-gateway configuration (15 problems):"), e.getMessage());
        assertTrue(e.getMessage().contains("MGW_GATEWAY_PORT: '80a' is not an integer"), e.getMessage());
    }

    @Test
    void portOutsideRangeIsRejected() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> GatewayConfigLoader.load(secretsAnd(Map.of("MGW_GATEWAY_PORT", "65536"))));

        assertEquals(List.of("MGW_GATEWAY_PORT: 65536 is out of range 0..65535"), e.problems());
    }

    @Test
    void jwtSecretShorterThan32BytesIsRejectedWithoutEchoingIt() {
        String secret = "x".repeat(31);
        ConfigException e = assertThrows(ConfigException.class,
                () -> GatewayConfigLoader.load(secretsAnd(Map.of("MGW_JWT_SECRET", secret))));

        assertEquals(List.of("MGW_JWT_SECRET: too short (31 bytes); at least 32 bytes are required"), e.problems());
        assertFalse(e.getMessage().contains(secret));
    }

    @Test
    void missingSecretsSayWhatTheyAreFor() {
        ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfigLoader.load(Map.of()));

        assertEquals(2, e.problems().size());
        assertTrue(e.problems().get(0).startsWith("MGW_SERVICE_TOKEN: not set; the token the gateway presents"), e.getMessage());
        assertTrue(e.problems().get(1).startsWith("MGW_JWT_SECRET: not set; the HS256 secret"), e.getMessage());
    }

    @Test
    void credentialsInAnInvalidRedisUrlAreNotEchoed() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> GatewayConfigLoader.load(secretsAnd(Map.of("REDIS_URL", "http://user:hunter2@redis"))));

        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void toStringRedactsSecrets() {
        String text = GatewayConfigLoader.load(secretsAnd(Map.of())).toString();

        assertFalse(text.contains(SECRET), text);
        assertFalse(text.contains("svc-token"), text);
    }
}
