package io.mgw.controlplane.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.mgw.adapters.contract.events.ErrorEvent;
import io.mgw.adapters.contract.events.MetricsEvent;
import io.mgw.adapters.contract.events.MgwEvent;
import io.mgw.adapters.contract.events.SessionStateEvent;
import io.mgw.adapters.contract.events.TranscriptEvent;
import io.mgw.controlplane.events.EventApplier.Pending;
import io.mgw.controlplane.events.EventApplier.Stored;
import io.mgw.controlplane.session.StreamingSession;
import io.mgw.controlplane.session.StreamingSessionRepository;
import io.mgw.controlplane.session.history.MetricWindowRepository;
import io.mgw.controlplane.session.history.SessionErrorRepository;
import io.mgw.controlplane.session.history.TranscriptRepository;
import io.mgw.controlplane.testing.Api;
import io.mgw.controlplane.testing.ControlPlaneTestSupport;
import io.mgw.controlplane.testing.Tenants;
import io.mgw.controlplane.testing.Tenants.Tenant;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The events of one read stored together ({@link EventApplier#applyAll}) end exactly as if stored one by one:
 * duplicates within and across reads, sessions of other tenants and unknown sessions, a state change in the middle
 * of a read, and activity marks that only move forward. Real PostgreSQL; the consumer is off, the applier is called
 * as the consumer calls it.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventApplierBatchIT implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;
    @Inject
    EventApplier applier;
    @Inject
    EventHandlers handlers;
    @Inject
    StreamingSessionRepository sessions;
    @Inject
    TranscriptRepository transcripts;
    @Inject
    MetricWindowRepository metricWindows;
    @Inject
    SessionErrorRepository errors;

    Tenant acme;
    Tenant globex;
    String acmeWorkflow;
    String globexWorkflow;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(ControlPlaneTestSupport.properties("events-batch"));
        properties.put("mgw.events.enabled", "false");
        return properties;
    }

    @BeforeAll
    void setUp() {
        Api api = new Api(server.getURI());
        acme = Tenants.create(api, "acme");
        globex = Tenants.create(api, "globex");
        acmeWorkflow = EventTestSessions.streamingWorkflow(acme);
        globexWorkflow = EventTestSessions.streamingWorkflow(globex);
    }

    @Test
    void aReadStoredTogetherEndsAsIfStoredOneByOne() {
        Instant longAgo = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MICROS);
        String a = EventTestSessions.create(sessions, acme.orgId(), acmeWorkflow, "active", longAgo).id();
        String b = EventTestSessions.create(sessions, acme.orgId(), acmeWorkflow, "active", longAgo).id();
        String foreign = EventTestSessions.create(sessions, globex.orgId(), globexWorkflow, "active", longAgo).id();
        String org = acme.orgId();
        Instant t1 = longAgo.plusSeconds(60);
        Instant t2 = longAgo.plusSeconds(120);
        Instant ended = longAgo.plusSeconds(180);
        Instant afterEnd = longAgo.plusSeconds(240);

        TranscriptEvent first = transcript(org, a, t1, "hello");
        List<MgwEvent> read = List.of(
                first,
                transcript(org, b, t2, "b late"),
                transcript(org, b, t1, "b early"),                 // an older mark must not move b's back
                transcript(org, "sess_unknown_" + UUID.randomUUID(), t1, "nobody"),
                transcript(org, foreign, t2, "wrong tenant"),       // org mismatch: dropped, foreign untouched
                first,                                               // the same event twice in one read
                new MetricsEvent(UUID.randomUUID().toString(), org, b, t2, t1, t2, 3, 40, 0),
                new ErrorEvent(UUID.randomUUID().toString(), org, a, t2, "stt.timeout", "recognizer timed out", null),
                new SessionStateEvent(UUID.randomUUID().toString(), org, a, ended, "ended", "caller hung up"),
                transcript(org, a, afterEnd, "after the end"));     // stored, but an ended session's mark stays

        List<Stored> stored = applier.applyAll(pending(read));

        assertEquals(List.of(Stored.APPLIED, Stored.APPLIED, Stored.APPLIED, Stored.APPLIED, Stored.APPLIED,
                Stored.DUPLICATE, Stored.APPLIED, Stored.APPLIED, Stored.APPLIED, Stored.APPLIED), stored);
        assertEquals(2, transcripts.countBySessionId(a));
        assertEquals(2, transcripts.countBySessionId(b));
        assertEquals(0, transcripts.countBySessionId(foreign));
        assertEquals(1, metricWindows.ofSession(b).size());
        assertEquals(1, errors.ofSession(a).size());
        StreamingSession endedA = sessions.findById(a).orElseThrow();
        assertEquals("ended", endedA.status());
        assertEquals(ended, endedA.updatedAt(), "the end's own time, not moved by the line after it");
        assertEquals(t2, sessions.findById(b).orElseThrow().updatedAt(), "the latest mark of the read");
        assertEquals(longAgo, sessions.findById(foreign).orElseThrow().updatedAt());

        // A second read repeating events already stored applies nothing again.
        assertEquals(List.of(Stored.DUPLICATE, Stored.DUPLICATE), applier.applyAll(pending(List.of(first, read.get(1)))));
        assertEquals(2, transcripts.countBySessionId(a));
        assertEquals(2, transcripts.countBySessionId(b));
    }

    @Test
    void aMarkFromTheFutureStopsAtTheControlPlanesNow() {
        Instant longAgo = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MICROS);
        String s = EventTestSessions.create(sessions, acme.orgId(), acmeWorkflow, "active", longAgo).id();
        Instant before = Instant.now();
        applier.applyAll(pending(List.of(transcript(acme.orgId(), s, before.plus(1, ChronoUnit.DAYS), "skewed"))));
        Instant mark = sessions.findById(s).orElseThrow().updatedAt();
        assertTrue(!mark.isBefore(before.truncatedTo(ChronoUnit.MICROS)) && mark.isBefore(before.plusSeconds(60)),
                "mark " + mark + " should be about now (" + before + ")");
    }

    @Test
    void theSameEntryTwiceInOneReadIsAppliedOnce() {
        String s = EventTestSessions.create(sessions, acme.orgId(), acmeWorkflow, "active",
                Instant.now().truncatedTo(ChronoUnit.MICROS)).id();
        Pending once = pending(List.of(transcript(acme.orgId(), s, Instant.now(), "once"))).get(0);
        assertEquals(List.of(Stored.APPLIED, Stored.DUPLICATE), applier.applyAll(List.of(once, once)));
        assertEquals(1, transcripts.countBySessionId(s));
    }

    private static TranscriptEvent transcript(String org, String session, Instant at, String text) {
        return new TranscriptEvent(UUID.randomUUID().toString(), org, session, at, "user", text, null);
    }

    private List<Pending> pending(List<MgwEvent> read) {
        List<Pending> out = new ArrayList<>();
        int entry = 0;
        for (MgwEvent e : read) {
            out.add(new Pending(e, "1-" + entry++, handlers.forType(e.type()).orElseThrow()));
        }
        return out;
    }
}
