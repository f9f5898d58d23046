package io.mgw.controlplane.events;

import io.mgw.adapters.contract.events.MgwEvent;
import io.mgw.controlplane.session.StreamingSession;
import io.mgw.controlplane.session.StreamingSessionRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the handlers of session events: locks the session row first (so events, the API and the reaper never
 * interleave on a session, and no weaker lock is later upgraded), drops the event when the session is unknown or
 * belongs to another organization than the event's {@code org} (a producer must never write into another tenant),
 * applies the effect, then marks the session's activity ({@code updated_at}, never past the control plane's now).
 *
 * @param <E> the event record
 */
public abstract class SessionEventHandler<E extends MgwEvent> implements EventHandler<E> {

    private static final Logger LOG = LoggerFactory.getLogger(SessionEventHandler.class);

    protected final StreamingSessionRepository sessions;
    protected final Clock clock;
    private final EventMetrics metrics;

    protected SessionEventHandler(StreamingSessionRepository sessions, Clock clock, EventMetrics metrics) {
        this.sessions = sessions;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public final void apply(E event) {
        Optional<StreamingSession> locked = sessions.lockById(event.sessionId());
        if (locked.isEmpty()) {
            metrics.dropped(EventMetrics.DROPPED_UNKNOWN_SESSION);
            LOG.info("Event {} ({}) names unknown session {}: not applied", event.eventId(), event.type(),
                    event.sessionId());
            return;
        }
        StreamingSession session = locked.get();
        if (!session.organizationId().equals(event.org())) {
            metrics.dropped(EventMetrics.DROPPED_ORG_MISMATCH);
            LOG.warn("Event {} ({}) names organization {} but session {} belongs to another: not applied",
                    event.eventId(), event.type(), event.org(), session.id());
            return;
        }
        applyTo(session, event);
        Instant now = clock.instant();
        sessions.touch(session.id(), event.at().isAfter(now) ? now : event.at());
    }

    /** The effect on a session that exists and belongs to the event's organization (row locked). */
    protected abstract void applyTo(StreamingSession session, E event);
}
