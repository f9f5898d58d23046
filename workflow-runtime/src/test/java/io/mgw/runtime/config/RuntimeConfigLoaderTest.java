package io.mgw.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

class RuntimeConfigLoaderTest {

    private static Map<String, String> tokenAnd(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(Map.of("MGW_SERVICE_TOKEN", "svc-token"));
        env.putAll(more);
        return env;
    }

    @Test
    void defaultsMatchDesign() {
        RuntimeConfig config = RuntimeConfigLoader.load(tokenAnd(Map.of()));

        assertEquals(new RuntimeConfig.Server("0.0.0.0", 8090, 1), config.server());
        assertEquals(URI.create("redis://127.0.0.1:6379"), config.redis().url());
        assertEquals("svc-token", config.internalApi().serviceToken());
        assertTrue(config.pod().id().matches("pod-[a-z0-9]{10}"), config.pod().id());
        assertEquals(100, config.pod().capacity());
        assertEquals(Optional.empty(), config.pod().advertiseUrl());
        assertEquals(Duration.ofSeconds(30), config.sessions().grace());
        assertEquals(Duration.ofSeconds(10), config.sessions().metricsWindow());
        assertEquals("mgw:events", config.sessions().eventsStream());
    }

    @Test
    void generatedPodIdsDiffer() {
        assertNotEquals(RuntimeConfigLoader.load(tokenAnd(Map.of())).pod().id(),
                RuntimeConfigLoader.load(tokenAnd(Map.of())).pod().id());
    }

    @Test
    void everyValueCanBeOverridden() {
        RuntimeConfig config = RuntimeConfigLoader.load(tokenAnd(Map.of(
                "MGW_BIND_HOST", "127.0.0.1",
                "MGW_RUNTIME_PORT", "8091",
                "MGW_IO_THREADS", "2",
                "REDIS_URL", "redis://redis:6379/2",
                "MGW_POD_ID", "runtime-dep-abc-7f9c",
                "MGW_POD_CAPACITY", "250",
                "MGW_POD_ADVERTISE_URL", "ws://10.0.0.7:8091",
                "MGW_SESSION_GRACE", "45s",
                "MGW_METRICS_WINDOW", "2s",
                "MGW_EVENTS_STREAM", "test:events")));

        assertEquals(new RuntimeConfig.Server("127.0.0.1", 8091, 2), config.server());
        assertEquals(URI.create("redis://redis:6379/2"), config.redis().url());
        assertEquals(new RuntimeConfig.Pod("runtime-dep-abc-7f9c", 250, Optional.of(URI.create("ws://10.0.0.7:8091"))), config.pod());
        assertEquals(new RuntimeConfig.Sessions(Duration.ofSeconds(45), Duration.ofSeconds(2), "test:events"), config.sessions());
    }

    @Test
    void everyInvalidValueIsReportedInOneException() {
        Map<String, String> env = Map.of(
                "MGW_RUNTIME_PORT", "-1",
                "MGW_IO_THREADS", "many",
                "REDIS_URL", "redis//nohost",
                "MGW_POD_ID", "pod id with spaces",
                "MGW_POD_CAPACITY", "0",
                "MGW_POD_ADVERTISE_URL", "http://10.0.0.7:8091",
                "MGW_SESSION_GRACE", "2d");

        ConfigException e = assertThrows(ConfigException.class, () -> RuntimeConfigLoader.load(env));

        List<String> names = e.problems().stream().map(p -> p.substring(0, p.indexOf(':'))).toList();
        assertEquals(List.of("MGW_RUNTIME_PORT", "MGW_IO_THREADS", "REDIS_URL", "MGW_POD_CAPACITY",
                "MGW_POD_ADVERTISE_URL", "MGW_SERVICE_TOKEN", "MGW_SESSION_GRACE", "MGW_POD_ID"), names);
        assertTrue(e.getMessage().startsWith("invalid workflow-runtime configuration (8 problems):"), e.getMessage());
        assertTrue(e.problems().contains("MGW_RUNTIME_PORT: -1 is out of range 0..65535"), e.getMessage());
    }

    @Test
    void missingServiceTokenSaysWhatItIsFor() {
        ConfigException e = assertThrows(ConfigException.class, () -> RuntimeConfigLoader.load(Map.of()));

        assertEquals(1, e.problems().size());
        assertTrue(e.problems().get(0).startsWith("MGW_SERVICE_TOKEN: not set; the token callers"), e.getMessage());
    }

    @Test
    void toStringRedactsTheServiceToken() {
        assertFalse(RuntimeConfigLoader.load(tokenAnd(Map.of())).toString().contains("svc-token"));
    }
}
