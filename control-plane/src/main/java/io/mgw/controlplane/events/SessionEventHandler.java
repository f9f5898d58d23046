package io.mgw.controlplane.events;

import io.mgw.adapters.contract.events.MgwEvent;
import io.mgw.controlplane.session.StreamingSession;
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
 * The lock, the rows the effect adds and the mark go through the read's {@link SessionBatch}, so a read of many
 * events costs a few round trips, not several per event.
 *
 * @param <E> the event record
 */
public abstract class SessionEventHandler<E extends MgwEvent> implements EventHandler<E> {

    private static final Logger LOG = LoggerFactory.getLogger(SessionEventHandler.class);

    protected final Clock clock;
    private final EventMetrics metrics;

    protected SessionEventHandler(Clock clock, EventMetrics metrics) {
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public final boolean locksSession() {
        return true;
    }

    @Override
    public final void apply(E event, SessionBatch batch) {
        Optional<StreamingSession> locked = batch.locked(event.sessionId());
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
        if (rewritesSession()) {
            // The rewrite writes the whole row: what the events before it did must be written first.
            batch.flush();
            applyTo(session, event, batch);
            batch.changed(session.id());
        } else {
            applyTo(session, event, batch);
        }
        Instant now = clock.instant();
        batch.touch(session.id(), event.at().isAfter(now) ? now : event.at());
    }

    /** Whether {@link #applyTo} rewrites the session's own row (a state change) rather than adding rows beside it. */
    protected boolean rewritesSession() {
        return false;
    }

    /**
     * The effect on a session that exists and belongs to the event's organization (row locked); rows it adds go
     * through {@link SessionBatch#insert}, so a read's rows of one table are inserted together.
     */
    protected abstract void applyTo(StreamingSession session, E event, SessionBatch batch);
}
