package io.mgw.controlplane.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.mgw.adapters.contract.events.EventFactory;
import io.mgw.adapters.contract.events.TranscriptEvent;
import io.mgw.controlplane.session.StreamingSessionRepository;
import io.mgw.controlplane.session.history.TranscriptRepository;
import io.mgw.controlplane.testing.Api;
import io.mgw.controlplane.testing.ControlPlaneTestSupport;
import io.mgw.controlplane.testing.Tenants;
import io.mgw.controlplane.testing.Tenants.Tenant;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The consumer across control-plane restarts, dead consumers and a database outage: nothing lost, nothing stored
 * twice, nothing acknowledged that was not stored. Each test starts its own contexts on this class's database and
 * stream, as a restarted process would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventConsumerRecoveryIT {

    private static final Duration SLOW = Duration.ofSeconds(40);

    private final String stream = FakePodPublisher.uniqueStream();
    private final EventFactory events = EventFactory.systemUtc();
    private Map<String, Object> properties;
    private FakePodPublisher pod;

    @BeforeAll
    void setUp() {
        properties = new HashMap<>(ControlPlaneTestSupport.properties("evrecovery"));
        properties.put("micronaut.server.port", -1);
        properties.put("mgw.events.stream", stream);
        properties.put("mgw.events.block", "200ms");
        properties.put("mgw.events.claim-idle", "1s");
        // Fail fast while the database refuses connections, so the outage test sees many attempts quickly.
        properties.put("datasources.default.connection-timeout", 500);
        pod = new FakePodPublisher(stream);
    }

    @AfterAll
    void tearDown() {
        pod.close();
    }

    /** A running control plane; closing it closes its whole context, as a process shutdown does. */
    private record ControlPlane(EmbeddedServer server) implements AutoCloseable {
        <T> T bean(Class<T> type) {
            return server.getApplicationContext().getBean(type);
        }

        Api api() {
            return new Api(server.getURI());
        }

        @Override
        public void close() {
            server.getApplicationContext().close();
        }
    }

    private ControlPlane start(String consumer) {
        Map<String, Object> own = new HashMap<>(properties);
        own.put("mgw.events.consumer", consumer);
        return new ControlPlane(ApplicationContext.run(EmbeddedServer.class, own));
    }

    @Test
    void aRestartMidStreamLosesNothingAndStoresNothingTwice() {
        String consumer = "restart-" + UUID.randomUUID();
        int first = 40;
        int second = 20;
        String sessionId;
        String org;
        TranscriptEvent firstEvent;
        try (ControlPlane server = start(consumer)) {
            Tenant tenant = Tenants.create(server.api(), "restart");
            org = tenant.orgId();
            StreamingSessionRepository sessions = server.bean(StreamingSessionRepository.class);
            sessionId = EventTestSessions.create(sessions, org, EventTestSessions.streamingWorkflow(tenant)).id();
            TranscriptRepository transcripts = server.bean(TranscriptRepository.class);
            firstEvent = events.transcript(org, sessionId, "user", "line 0", null);
            pod.publish(firstEvent);
            for (int i = 1; i < first; i++) {
                pod.publish(events.transcript(org, sessionId, "user", "line " + i, null));
            }
            String id = sessionId;
            Await.until("some of the first events stored", () -> transcripts.countBySessionId(id) >= 10);
        }
        // A clean stop finished and acknowledged its in-flight batch.
        assertEquals(0, pod.pending(), "pending after a clean stop");

        // While control-plane is down: a re-delivery of a stored event (a crash between commit and XACK), then
        // more events, some delivered to this consumer and some to a consumer that dies, without acknowledgement.
        pod.publish(firstEvent);
        for (int i = 0; i < second; i++) {
            pod.publish(events.transcript(org, sessionId, "assistant", "reply " + i, null));
        }
        assertEquals(6, pod.deliverTo(consumer, 6).size());
        assertEquals(3, pod.deliverTo("dead-" + UUID.randomUUID(), 3).size());
        assertEquals(9, pod.pending());

        try (ControlPlane server = start(consumer)) {
            TranscriptRepository transcripts = server.bean(TranscriptRepository.class);
            MeterRegistry meters = server.bean(MeterRegistry.class);
            String id = sessionId;
            Await.until("every event stored and acknowledged", SLOW,
                    () -> transcripts.countBySessionId(id) == first + second && pod.pending() == 0
                            && count(meters, EventMetrics.DUPLICATES) == 1.0);
            assertEquals(first + second, transcripts.countBySessionId(id));
            assertEquals(1.0, count(meters, EventMetrics.DUPLICATES));
            List<String> texts = new ArrayList<>();
            transcripts.page(id, 200, 0).forEach(line -> texts.add(line.text()));
            assertEquals(first + second, texts.stream().distinct().count(), "no line stored twice");
        }
        assertEquals(0, pod.pending());
    }

    @Test
    void aDatabaseOutageLeavesEventsPendingUntilTheyAreStored() throws SQLException {
        try (ControlPlane server = start("outage-" + UUID.randomUUID())) {
            Tenant tenant = Tenants.create(server.api(), "outage");
            StreamingSessionRepository sessions = server.bean(StreamingSessionRepository.class);
            TranscriptRepository transcripts = server.bean(TranscriptRepository.class);
            MeterRegistry meters = server.bean(MeterRegistry.class);
            String id = EventTestSessions.create(sessions, tenant.orgId(), EventTestSessions.streamingWorkflow(tenant)).id();
            pod.publish(events.transcript(tenant.orgId(), id, "user", "before", null));
            Await.until("first line", () -> transcripts.countBySessionId(id) == 1);

            String database = databaseName();
            try {
                admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false",
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
                double failures = count(meters, EventMetrics.APPLY_FAILURES);
                pod.publish(events.transcript(tenant.orgId(), id, "user", "during", null));
                // More failed attempts than an event gets for its own faults: an outage is not the event's fault.
                Await.until("failed applies", SLOW, () -> count(meters, EventMetrics.APPLY_FAILURES)
                        > failures + EventConsumer.MAX_FAILED_ATTEMPTS);
                assertEquals(1, pod.pending(), "the event is not acknowledged while it cannot be stored");
            } finally {
                admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
            }
            Await.until("stored after the outage", SLOW,
                    () -> pod.pending() == 0 && transcripts.countBySessionId(id) == 2);
        }
    }

    private String databaseName() {
        String url = (String) properties.get("datasources.default.url");
        String path = url.substring(url.indexOf('/', url.indexOf("//") + 2) + 1);
        return path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    }

    /** Runs statements as the server's admin, on its maintenance database. */
    private void admin(String... sql) throws SQLException {
        String url = (String) properties.get("datasources.default.url");
        String adminUrl = url.replace("/" + databaseName(), "/postgres");
        try (Connection connection = DriverManager.getConnection(adminUrl);
             Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }

    private static double count(MeterRegistry meters, String name, String... tags) {
        Counter counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }
}
