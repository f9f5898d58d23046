package io.mgw.controlplane.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.mgw.adapters.contract.RedisKeys;
import io.mgw.adapters.contract.events.EventFactory;
import io.mgw.adapters.contract.events.EventJson;
import io.mgw.adapters.contract.events.RunEventType;
import io.mgw.adapters.contract.events.TranscriptEvent;
import io.mgw.controlplane.session.StreamingSession;
import io.mgw.controlplane.session.StreamingSessionRepository;
import io.mgw.controlplane.session.history.HandoffRepository;
import io.mgw.controlplane.session.history.MetricWindowRepository;
import io.mgw.controlplane.session.history.SessionErrorRepository;
import io.mgw.controlplane.session.history.TranscriptLine;
import io.mgw.controlplane.session.history.TranscriptRepository;
import io.mgw.controlplane.testing.Api;
import io.mgw.controlplane.testing.ControlPlaneTestSupport;
import io.mgw.controlplane.testing.Tenants;
import io.mgw.controlplane.testing.Tenants.Tenant;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A fake pod drives sessions through {@code mgw:events} (this class's own stream) into PostgreSQL. Not
 * transactional: the rows a test writes must be committed for the consumer's own transactions to see them.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventConsumerIT implements TestPropertyProvider {

    private final String stream = FakePodPublisher.uniqueStream();
    private final EventFactory events = EventFactory.systemUtc();

    @Inject
    EmbeddedServer server;
    @Inject
    StreamingSessionRepository sessions;
    @Inject
    TranscriptRepository transcripts;
    @Inject
    MetricWindowRepository metricWindows;
    @Inject
    SessionErrorRepository errors;
    @Inject
    HandoffRepository handoffs;
    @Inject
    MeterRegistry meters;

    FakePodPublisher pod;
    Tenant acme;
    Tenant globex;
    String acmeWorkflow;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(ControlPlaneTestSupport.properties("events"));
        properties.put("mgw.events.stream", stream);
        properties.put("mgw.events.consumer", "events-it-" + UUID.randomUUID());
        properties.put("mgw.events.block", "200ms");
        properties.put("micronaut.server.port", "-1");
        return properties;
    }

    @BeforeAll
    void setUp() {
        pod = new FakePodPublisher(stream);
        Api api = new Api(server.getURI());
        acme = Tenants.create(api, "acme");
        globex = Tenants.create(api, "globex");
        acmeWorkflow = EventTestSessions.streamingWorkflow(acme);
    }

    @Inject
    EventConsumer consumer;
    @Inject
    EventHandlers handlers;

    @AfterAll
    void tearDown() {
        consumer.stop();
        pod.close();
    }

    @Test
    void everyTypeHasAHandler() {
        assertTrue(consumer.running());
        for (String type : io.mgw.adapters.contract.events.EventJson.knownTypes()) {
            assertTrue(handlers.forType(type).isPresent(), type);
        }
    }

    @Test
    void sessionWalksItsLifeThroughPodEvents() {
        Instant longAgo = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MICROS);
        StreamingSession session = EventTestSessions.create(sessions, acme.orgId(), acmeWorkflow, "pending", longAgo);
        String org = acme.orgId();
        String id = session.id();

        pod.publish(events.sessionState(org, id, "scheduling", null));
        pod.publish(events.sessionState(org, id, "ready", null));
        pod.publish(events.sessionState(org, id, "connecting", null));
        pod.publish(events.sessionState(org, id, "active", null));
        Await.until("session active", () -> state(id).equals("active"));
        StreamingSession active = sessions.findById(id).orElseThrow();
        assertNotNull(active.readyAt());
        assertTrue(active.updatedAt().isAfter(longAgo), "state events mark activity");

        Instant emitted = events.now().minusSeconds(2);
        pod.publish(events.transcript(org, id, "user", "Hello there", emitted));
        pod.publish(events.transcript(org, id, "assistant", "Hi! How can I help?", null));
        Instant windowStart = events.now().minusSeconds(10);
        pod.publish(events.metrics(org, id, windowStart, windowStart.plusSeconds(10), 12, 340, 1));
        pod.publish(events.error(org, id, "stt.timeout", "speech recognizer timed out", "node-listen"));
        pod.publish(events.handoff(org, id, "triage", "billing", "billing question", windowStart,
                windowStart.plusSeconds(1)));
        // A session-socket close is not the end: the client may resume.
        pod.publish(events.callClosed(org, id, "session", 1001, "client went away", 5000, 100, 90, 0));

        Await.until("history rows", () -> transcripts.countBySessionId(id) == 2 && metricWindows.ofSession(id).size() == 1
                && errors.ofSession(id).size() == 1 && handoffs.ofSession(id).size() == 1
                && sessions.findById(id).orElseThrow().closeCode() != null);
        List<TranscriptLine> lines = transcripts.page(id, 10, 0);
        assertEquals("user", lines.get(0).role());
        assertEquals("Hello there", lines.get(0).text());
        assertEquals(emitted, lines.get(0).emittedAt());
        assertTrue(lines.get(0).id().matches("txn_[a-z0-9]{20}"), lines.get(0).id());
        assertEquals("Hi! How can I help?", lines.get(1).text());
        var window = metricWindows.ofSession(id).get(0);
        assertEquals(12, window.asrWords());
        assertEquals(340, window.ttsChars());
        assertEquals(1, window.bargeInCount());
        assertEquals(windowStart, window.windowStart());
        assertTrue(window.id().startsWith("met_"));
        var error = errors.ofSession(id).get(0);
        assertEquals("stt.timeout", error.code());
        assertEquals("node-listen", error.nodeId());
        assertTrue(error.id().startsWith("err_"));
        var handoff = handoffs.ofSession(id).get(0);
        assertEquals("triage", handoff.fromAgent());
        assertEquals("billing", handoff.toAgent());
        assertTrue(handoff.id().startsWith("ho_"));
        StreamingSession closed = sessions.findById(id).orElseThrow();
        assertEquals(1001, closed.closeCode());
        assertEquals("client went away", closed.closeReason());
        assertEquals("active", closed.status(), "a session-socket close does not end the session");

        pod.publish(events.sessionState(org, id, "ended", "completed"));
        Await.until("session ended", () -> state(id).equals("ended"));
        // Ended is final: a late state event is recorded as processed and ignored.
        var late = events.sessionState(org, id, "active", null);
        pod.publish(late);
        awaitAllAcknowledged();
        StreamingSession ended = sessions.findById(id).orElseThrow();
        assertEquals("ended", ended.status());
        assertEquals("completed", ended.endReason());
        assertNotNull(ended.endedAt());
    }

    @Test
    void agentStreamCallCloseEndsTheSessionWithTheCloseReason() {
        String id = EventTestSessions.create(sessions, acme.orgId(), acmeWorkflow).id();
        pod.publish(events.sessionState(acme.orgId(), id, "active", null));
        pod.publish(events.callClosed(acme.orgId(), id, "agent-stream", 1000, "caller hung up", 61_000, 3000, 3000, 2));
        Await.until("call ended", () -> state(id).equals("ended"));
        StreamingSession ended = sessions.findById(id).orElseThrow();
        assertEquals(1000, ended.closeCode());
        assertEquals("caller hung up", ended.closeReason());
        assertEquals("caller hung up", ended.endReason());
    }

    @Test
    void theSameEventTwiceIsStoredOnce() {
        String id = EventTestSessions.create(sessions, acme.orgId(), acmeWorkflow).id();
        double duplicatesBefore = count(EventMetrics.DUPLICATES);
        TranscriptEvent once = events.transcript(acme.orgId(), id, "user", "only once", null);
        pod.publish(once);
        pod.publish(once);
        pod.publish(events.transcript(acme.orgId(), id, "assistant", "marker", null));
        Await.until("marker stored", () -> transcripts.page(id, 10, 0).stream()
                .anyMatch(line -> line.text().equals("marker")));
        awaitAllAcknowledged();
        assertEquals(2, transcripts.countBySessionId(id));
        assertEquals(duplicatesBefore + 1, count(EventMetrics.DUPLICATES));
    }

    /**
     * Entries read together are stored in one transaction; one whose effect the database refuses (PostgreSQL takes no
     * NUL in text) rolls the batch back, and the entries are then stored one by one: the good ones exactly once (no
     * duplicate: nothing of the failed batch was committed), the bad one given up on after its attempts.
     */
    @Test
    void aBatchWithAnEventTheDatabaseRefusesStoresTheOthersOnceAndGivesUpOnThatOne() {
        String id = EventTestSessions.create(sessions, acme.orgId(), acmeWorkflow).id();
        double duplicates = count(EventMetrics.DUPLICATES);
        double gaveUp = count(EventMetrics.DROPPED, "reason", EventMetrics.DROPPED_GAVE_UP);
        double failures = count(EventMetrics.APPLY_FAILURES);
        var redis = pod.redis();
        redis.multi(); // one transaction: the blocked consumer reads all three entries in one batch
        redis.xadd(stream, EventJson.toStreamEntry(events.transcript(acme.orgId(), id, "user", "before", null)));
        redis.xadd(stream, EventJson.toStreamEntry(events.transcript(acme.orgId(), id, "user", "nul\u0000byte", null)));
        redis.xadd(stream, EventJson.toStreamEntry(events.transcript(acme.orgId(), id, "user", "after", null)));
        redis.exec();

        Await.until("the refused event given up on", Duration.ofSeconds(30),
                () -> count(EventMetrics.DROPPED, "reason", EventMetrics.DROPPED_GAVE_UP) == gaveUp + 1);
        awaitAllAcknowledged();
        assertEquals(List.of("before", "after"), transcripts.page(id, 10, 0).stream().map(TranscriptLine::text).toList());
        assertEquals(duplicates, count(EventMetrics.DUPLICATES), "a rolled-back batch left nothing behind");
        assertTrue(count(EventMetrics.APPLY_FAILURES) >= failures + EventConsumer.MAX_FAILED_ATTEMPTS);
    }

    @Test
    void anEventWhoseOrganizationIsNotTheSessionsIsNotStored() {
        Instant lastActivity = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MICROS);
        String id = EventTestSessions.create(sessions, acme.orgId(), acmeWorkflow, "active", lastActivity).id();
        double mismatchesBefore = count(EventMetrics.DROPPED, "reason", EventMetrics.DROPPED_ORG_MISMATCH);
        pod.publish(events.transcript(globex.orgId(), id, "user", "injected by another tenant", null));
        pod.publish(events.error(globex.orgId(), id, "x", "y", null));
        pod.publish(events.sessionState(globex.orgId(), id, "failed", "not yours"));
        pod.publish(events.callClosed(globex.orgId(), id, "agent-stream", 1000, "not yours", 1, 1, 1, 0));
        // One consumer applies in stream order: once the owner's event is stored, the foreign ones were handled.
        Instant ownerActivity = events.now();
        pod.publish(new TranscriptEvent(UUID.randomUUID().toString(), acme.orgId(), id, ownerActivity, "user",
                "marker", null));
        Await.until("the owner's event", () -> transcripts.countBySessionId(id) == 1);
        Await.until("four foreign events counted", () -> count(EventMetrics.DROPPED, "reason",
                EventMetrics.DROPPED_ORG_MISMATCH) == mismatchesBefore + 4);
        awaitAllAcknowledged();
        assertEquals("marker", transcripts.page(id, 10, 0).get(0).text());
        assertTrue(errors.ofSession(id).isEmpty());
        StreamingSession untouched = sessions.findById(id).orElseThrow();
        assertEquals("active", untouched.status());
        assertNull(untouched.closeCode());
        assertEquals(ownerActivity, untouched.updatedAt(), "only the owner's event marked activity");
    }

    @Test
    void malformedEntriesAreAcknowledgedCountedAndProcessingGoesOn() {
        String id = EventTestSessions.create(sessions, acme.orgId(), acmeWorkflow).id();
        double notJson = count(EventMetrics.INVALID, "reason", "malformed_json");
        double missing = count(EventMetrics.INVALID, "reason", "missing_field");
        double unknown = count(EventMetrics.INVALID, "reason", "unknown_type");
        double invalidValue = count(EventMetrics.INVALID, "reason", "invalid_value");

        pod.publishRaw(Map.of(RedisKeys.EVENT_FIELD, "{not json"));
        pod.publishRaw(Map.of("other", "field"));
        pod.publishRaw(Map.of(RedisKeys.EVENT_FIELD, "{\"type\":\"pod.teleported\",\"event_id\":\"x\"}"));
        pod.publishRaw(Map.of(RedisKeys.EVENT_FIELD, "{\"event_id\":\"not-a-uuid\",\"type\":\"transcript\",\"org\":\""
                + acme.orgId() + "\",\"session_id\":\"" + id + "\",\"at\":\"2025-01-01T00:00:00Z\",\"role\":\"user\","
                + "\"text\":\"bad id\"}"));
        pod.publish(events.executionEvent(acme.orgId(), null, UUID.randomUUID().toString(), null, 1,
                RunEventType.RUN_STARTED, JsonNodeFactory.instance.objectNode().put("runId", "r1")));
        pod.publish(events.transcript(acme.orgId(), id, "user", "still flowing", null));

        Await.until("the valid event after the bad ones", () -> transcripts.countBySessionId(id) == 1);
        awaitAllAcknowledged();
        assertEquals(notJson + 1, count(EventMetrics.INVALID, "reason", "malformed_json"));
        assertEquals(missing + 1, count(EventMetrics.INVALID, "reason", "missing_field"));
        assertEquals(unknown + 1, count(EventMetrics.INVALID, "reason", "unknown_type"));
        assertEquals(invalidValue + 1, count(EventMetrics.INVALID, "reason", "invalid_value"));
        assertEquals("still flowing", transcripts.page(id, 10, 0).get(0).text());
    }

    @Test
    void eventsOfAnUnknownSessionAreAcknowledgedWithoutEffect() {
        double before = count(EventMetrics.DROPPED, "reason", EventMetrics.DROPPED_UNKNOWN_SESSION);
        pod.publish(events.transcript(acme.orgId(), "sess_doesnotexist000000", "user", "hello?", null));
        awaitAllAcknowledged();
        Await.until("counted", () -> count(EventMetrics.DROPPED, "reason", EventMetrics.DROPPED_UNKNOWN_SESSION)
                == before + 1);
        assertFalse(transcripts.page("sess_doesnotexist000000", 10, 0).iterator().hasNext());
    }

    @Test
    void countersAreExportedWithPrometheusNames() {
        var scrape = new Api(server.getURI()).get("/metrics", null);
        assertEquals(200, scrape.status());
        assertTrue(scrape.raw().contains("mgw_events_duplicates_total"), scrape.raw());
        assertTrue(scrape.raw().contains("mgw_events_apply_failures_total"), scrape.raw());
    }

    private String state(String id) {
        return sessions.findById(id).orElseThrow().status();
    }

    /** Every entry published so far was read by the group and acknowledged. */
    private void awaitAllAcknowledged() {
        String last = pod.redis().xrevrange(stream, io.lettuce.core.Range.create("-", "+"),
                io.lettuce.core.Limit.from(1)).get(0).getId();
        // Delivered first, then pending: read the other way round, an entry could be delivered in between.
        Await.until("all entries acknowledged", () -> sameOrAfter(lastDelivered(), last) && pod.pending() == 0);
    }

    private String lastDelivered() {
        return pod.redis().xinfoGroups(stream).stream()
                .map(group -> (List<?>) group)
                .filter(fields -> fields.contains(RedisKeys.EVENTS_GROUP))
                .map(fields -> String.valueOf(fields.get(fields.indexOf("last-delivered-id") + 1)))
                .findFirst().orElse("0-0");
    }

    private static boolean sameOrAfter(String id, String other) {
        String[] a = id.split("-");
        String[] b = other.split("-");
        int byTime = Long.compare(Long.parseLong(a[0]), Long.parseLong(b[0]));
        return byTime > 0 || (byTime == 0 && Long.parseLong(a[1]) >= Long.parseLong(b[1]));
    }

    private double count(String name, String... tags) {
        Counter counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }
}
