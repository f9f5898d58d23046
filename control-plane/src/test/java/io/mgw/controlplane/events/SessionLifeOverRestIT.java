package io.mgw.controlplane.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.mgw.adapters.contract.events.EventFactory;
import io.mgw.controlplane.testing.Api;
import io.mgw.controlplane.testing.ControlPlaneTestSupport;
import io.mgw.controlplane.testing.RealRuntime;
import io.mgw.controlplane.testing.Tenants;
import io.mgw.controlplane.testing.Tenants.Tenant;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A session's whole life as an operator sees it: created over REST, reported on by a pod, read back, ended. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionLifeOverRestIT implements TestPropertyProvider {

    final String stream = FakePodPublisher.uniqueStream();
    RealRuntime runtime;
    final FakePodPublisher pod = new FakePodPublisher(stream);
    final EventFactory events = EventFactory.systemUtc();
    @Inject
    EmbeddedServer server;
    Api api;
    Tenant acme;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(ControlPlaneTestSupport.properties("sessionlife"));
        properties.put("mgw.events.stream", stream);
        runtime = new RealRuntime(properties);
        properties.put("mgw.runtime-url", runtime.url());
        return properties;
    }

    @BeforeAll
    void setUp() {
        api = new Api(server.getURI());
        acme = Tenants.create(api, "acme");
    }

    @AfterAll
    void tearDown() {
        pod.close();
        runtime.close();
    }

    @Test
    void createReportReadEnd() throws Exception {
        String workflow = api.post("/api/v1/workflows", acme.ownerKey(), Api.json(Map.of("name", "voice",
                "workflowType", "streaming"))).text("workflowId");
        var created = api.post("/api/v1/streaming-sessions", acme.ownerKey(), Api.json(Map.of("workflowId", workflow)));
        assertEquals(201, created.status(), created.raw());
        String sid = created.text("session_id");
        String org = acme.orgId();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        pod.publish(events.sessionState(org, sid, "connecting", null));
        pod.publish(events.sessionState(org, sid, "active", null));
        pod.publish(events.transcript(org, sid, "user", "I'd like to check my balance.", t0.plusSeconds(5)));
        pod.publish(events.transcript(org, sid, "assistant", "Sure, one moment.", t0.plusSeconds(6)));
        pod.publish(events.metrics(org, sid, t0, t0.plusSeconds(10), 18, 64, 1));
        pod.publish(events.error(org, sid, "stt.timeout", "STT call exceeded watchdog", "stt-1"));
        pod.publish(events.handoff(org, sid, "triage", "billing", "billing question", t0.plusSeconds(7), t0.plusSeconds(8)));

        String base = "/api/v1/streaming-sessions/" + sid;
        await(() -> api.get(base + "/handoffs", acme.ownerKey()).json().path("handoffs").size() == 1, "handoff stored");
        assertEquals("active", api.get(base, acme.ownerKey()).text("status"));
        var transcript = api.get(base + "/transcript?limit=1", acme.ownerKey());
        assertEquals(2, transcript.json().path("count").asInt());
        assertEquals(1, transcript.json().path("limit").asInt());
        var first = transcript.json().path("items").get(0);
        assertEquals("I'd like to check my balance.", first.path("text").asText(), "oldest first");
        assertTrue(first.path("_id").asText().startsWith("txn_"));
        assertEquals(sid, first.path("session_id").asText());
        assertEquals("user", first.path("role").asText());
        assertTrue(first.has("emitted_at"));
        assertEquals("Sure, one moment.", api.get(base + "/transcript?offset=1", acme.ownerKey())
                .json().path("items").get(0).path("text").asText());
        var metrics = api.get(base + "/metrics", acme.ownerKey()).json().get(0);
        assertTrue(metrics.path("_id").asText().startsWith("met_"));
        assertEquals(18, metrics.path("asr_words").asInt());
        assertEquals(64, metrics.path("tts_chars").asInt());
        assertEquals(1, metrics.path("barge_in_count").asInt());
        assertTrue(metrics.has("window_start") && metrics.has("window_end"));
        var error = api.get(base + "/errors", acme.ownerKey()).json().get(0);
        assertTrue(error.path("_id").asText().startsWith("err_"));
        assertEquals("stt.timeout", error.path("code").asText());
        assertEquals("stt-1", error.path("node_id").asText());
        assertTrue(error.has("timestamp"));
        var handoff = api.get(base + "/handoffs", acme.ownerKey()).json().path("handoffs").get(0);
        assertTrue(handoff.path("_id").asText().startsWith("ho_"));
        assertEquals("triage", handoff.path("from_agent").asText());
        assertEquals("billing", handoff.path("to_agent").asText());
        assertTrue(handoff.has("started_at") && handoff.has("completed_at"));

        assertEquals(204, api.delete(base, acme.ownerKey()).status());
        var ended = api.get(base, acme.ownerKey());
        assertEquals("ended", ended.text("status"));
        pod.publish(events.sessionState(org, sid, "active", null));
        pod.publish(events.transcript(org, sid, "user", "late line", t0.plusSeconds(30)));
        await(() -> api.get(base + "/transcript", acme.ownerKey()).json().path("count").asInt() == 3,
                "history after the end is still recorded");
        assertEquals("ended", api.get(base, acme.ownerKey()).text("status"), "an ended session never comes back");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out: " + what);
    }
}
