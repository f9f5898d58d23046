package io.mgw.gateway.agentstream;

import io.lettuce.core.api.StatefulRedisConnection;
import io.mgw.adapters.contract.events.EventFactory;
import io.mgw.adapters.contract.events.EventJson;
import io.mgw.adapters.contract.events.MgwEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the agent stream tells the control plane about a call, as records on the events stream ({@code
 * MGW_EVENTS_STREAM}, default {@code mgw:events}; frames.md): a
 * {@code session.state} when the call moves between pods, and one {@code call.closed} with the close code and
 * reason when the provider socket is gone. The control plane records both on the session, so the sessions API
 * shows why a call moved or ended. Fire and forget (Lettuce async); thread-safe.
 */
final class CallEvents {

    /** The session state while the call looks for another pod, and once it has one. */
    static final String CONNECTING = "connecting";
    static final String ACTIVE = "active";
    /** RFC 6455 1006: the connection ended without a close frame (recorded, never sent). */
    private static final int DROPPED = 1006;

    private static final Logger log = LoggerFactory.getLogger(CallEvents.class);

    private final StatefulRedisConnection<String, String> redis;
    private final String stream;
    private final EventFactory events;

    CallEvents(StatefulRedisConnection<String, String> redis, String stream, EventFactory events) {
        this.redis = redis;
        this.stream = stream;
        this.events = events;
    }

    /** {@code session.state} with a short reason. */
    void state(AgentCall call, String state, String reason) {
        publish(events.sessionState(call.organizationId(), call.admission.sessionId(), state, reason));
    }

    /** {@code call.closed} for an admitted call: code (1006 when the socket just dropped), reason and counts. */
    void closed(AgentCall call) {
        boolean dropped = call.stats.closeCode() < 0; // no close frame: the close handler has not seen the end yet
        int code = dropped ? DROPPED : call.stats.closeCode();
        String reason = dropped || call.stats.closeDetail() == null ? "connection lost" : call.stats.closeDetail();
        publish(events.callClosed(call.organizationId(), call.admission.sessionId(), AgentStreamEndpoint.ENDPOINT, code,
                reason, call.stats.durationMillis(), call.stats.framesIn(), call.stats.framesOut(),
                call.stats.framesInvalid()));
    }

    private void publish(MgwEvent event) {
        try {
            redis.async().xadd(stream, EventJson.toStreamEntry(event));
        } catch (RuntimeException e) {
            log.warn("{} not published: session={} cause={}", event.type(), event.sessionId(), e.getClass().getSimpleName());
        }
    }
}
