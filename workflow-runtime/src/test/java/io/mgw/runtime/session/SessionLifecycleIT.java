package io.mgw.runtime.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mgw.adapters.contract.RedisKeys;
import io.mgw.embedded.TestServices;
import io.mgw.runtime.testing.Await;
import io.mgw.runtime.testing.RedisProbe;
import io.mgw.runtime.testing.RuntimeHarness;
import io.mgw.runtime.testing.SessionClient;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Pod-level session lifecycle: capacity, drain, grace expiry, metrics windows; each test runs its own runtime. */
class SessionLifecycleIT {

    @Test
    void asecondSessionOverCapacityIsClosedWith1013() throws Exception {
        String podId = RuntimeHarness.uniquePodId();
        try (RuntimeHarness runtime = new RuntimeHarness(Map.of("MGW_POD_ID", podId, "MGW_POD_CAPACITY", "1"));
             RedisProbe redis = new RedisProbe(TestServices.redisUrl())) {
            String deployment = SessionSocketIT.deploy(runtime, SessionSocketIT.ECHO_AND_SAY, "[]");
            int port = runtime.server().port();
            try (SessionClient first = SessionClient.connect(port, SessionSocketIT.sessionId(), deployment, false)) {
                SessionSocketIT.roundTrip(first);
                Await.until(SessionSocketIT.DEADLINE, "active 1 in the registry",
                        () -> "1".equals(redis.pod(podId).get(RedisKeys.POD_ACTIVE)));
                try (SessionClient second = SessionClient.connect(port, SessionSocketIT.sessionId(), deployment, false)) {
                    assertEquals(1013, second.closeCode());
                }
                SessionSocketIT.roundTrip(first);
                assertTrue(runtime.get("/metrics").body().contains("mgw_runtime_session_closes_total{code=\"1013\"} 1.0"));
                assertTrue(runtime.get("/metrics").body().contains("\nmgw_runtime_sessions_live 1.0\n"));
            }
        }
    }

    @Test
    void closingTheServerDrainsLiveSessionsWith1012() {
        RuntimeHarness runtime = new RuntimeHarness(Map.of("MGW_POD_ID", RuntimeHarness.uniquePodId()));
        try (SessionClient client = SessionClient.connect(runtime.server().port(), SessionSocketIT.sessionId(),
                deployOn(runtime), false)) {
            SessionSocketIT.roundTrip(client);
            runtime.close();
            assertEquals(1012, client.closeCode());
        } finally {
            runtime.close();
        }
    }

    @Test
    void aSessionWhoseLinkStaysAwayEndsAfterTheGrace() throws Exception {
        String events = "it:events:" + UUID.randomUUID();
        try (RuntimeHarness runtime = new RuntimeHarness(Map.of("MGW_POD_ID", RuntimeHarness.uniquePodId(),
                "MGW_SESSION_GRACE", "300ms", "MGW_EVENTS_STREAM", events));
             RedisProbe redis = new RedisProbe(TestServices.redisUrl())) {
            String sid = SessionSocketIT.sessionId();
            try (SessionClient client = SessionClient.connect(runtime.server().port(), sid, deployOn(runtime), false)) {
                SessionSocketIT.roundTrip(client);
                client.abort();
            }
            Await.until(SessionSocketIT.DEADLINE, "session dropped after grace", () -> runtime.server().sessions().size() == 0);
            Await.until(SessionSocketIT.DEADLINE, "ended event", () -> redis.redis().xrange(events,
                    io.lettuce.core.Range.create("-", "+")).stream()
                    .anyMatch(e -> e.getBody().get(RedisKeys.EVENT_FIELD).contains("\"state\":\"ended\"")));
            redis.redis().del(events);
        }
    }

    @Test
    void metricsWindowsGoOutAsFramesAndEvents() throws Exception {
        String events = "it:events:" + UUID.randomUUID();
        try (RuntimeHarness runtime = new RuntimeHarness(Map.of("MGW_POD_ID", RuntimeHarness.uniquePodId(),
                "MGW_METRICS_WINDOW", "300ms", "MGW_EVENTS_STREAM", events));
             RedisProbe redis = new RedisProbe(TestServices.redisUrl())) {
            String sid = SessionSocketIT.sessionId();
            try (SessionClient client = SessionClient.connect(runtime.server().port(), sid, deployOn(runtime), false)) {
                client.sendText("{\"type\":\"inject\",\"text\":\"twelve chars\"}");
                SessionClient.Message window = client.until(m -> m.isJson("metrics") && m.json().path("tts_chars").asLong() > 0);
                JsonNode metrics = window.json();
                assertEquals(12, metrics.path("tts_chars").asLong());
                assertTrue(metrics.path("seq").asLong() >= 2);
                Await.until(SessionSocketIT.DEADLINE, "metrics event", () -> redis.redis().xrange(events,
                        io.lettuce.core.Range.create("-", "+")).stream()
                        .anyMatch(e -> e.getBody().get(RedisKeys.EVENT_FIELD).contains("\"tts_chars\":12")));
            } finally {
                redis.redis().del(events);
            }
        }
    }

    private static String deployOn(RuntimeHarness runtime) {
        try {
            return SessionSocketIT.deploy(runtime, SessionSocketIT.ECHO_AND_SAY, "[]");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
