package io.mgw.controlplane.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mgw.adapters.contract.Ids;
import io.mgw.controlplane.session.StreamingSession;
import io.mgw.controlplane.session.StreamingSessionRepository;
import io.mgw.controlplane.testing.Api;
import io.mgw.controlplane.testing.Tenants.Tenant;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** Streaming workflows over the API and session rows straight through the repository, for event tests. */
final class EventTestSessions {

    private EventTestSessions() {
    }

    static String streamingWorkflow(Tenant tenant) {
        var created = tenant.api().post("/api/v1/workflows", tenant.ownerKey(),
                Api.json(Map.of("name", "voice agent", "workflowType", "streaming")));
        assertEquals(201, created.status(), created.raw());
        return created.text("workflowId");
    }

    /** A new session in {@code state} whose activity mark ({@code updated_at}) is {@code lastActivity}. */
    static StreamingSession create(StreamingSessionRepository sessions, String orgId, String workflowId,
                                   String state, Instant lastActivity) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        boolean terminal = state.equals("ended") || state.equals("failed");
        return sessions.save(new StreamingSession(Ids.newId("sess"), orgId, workflowId, null, null, state,
                JsonNodeFactory.instance.objectNode(), null, null, null, null, now, null, terminal ? now : null, null,
                null, null, null, null, null, null, JsonNodeFactory.instance.objectNode(), null, null, null, now,
                lastActivity));
    }

    static StreamingSession create(StreamingSessionRepository sessions, String orgId, String workflowId) {
        return create(sessions, orgId, workflowId, "pending", Instant.now().truncatedTo(ChronoUnit.MICROS));
    }
}
