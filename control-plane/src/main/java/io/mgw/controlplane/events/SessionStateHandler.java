package io.mgw.controlplane.events;

import io.mgw.adapters.contract.events.SessionStateEvent;
import io.mgw.controlplane.session.SessionLifecycle;
import io.mgw.controlplane.session.SessionState;
import io.mgw.controlplane.session.StreamingSession;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code session.state}: moves the session through {@link SessionLifecycle}, which decides what is legal. */
@Singleton
public class SessionStateHandler extends SessionEventHandler<SessionStateEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(SessionStateHandler.class);

    private final SessionLifecycle lifecycle;

    public SessionStateHandler(Clock clock, EventMetrics metrics, SessionLifecycle lifecycle) {
        super(clock, metrics);
        this.lifecycle = lifecycle;
    }

    @Override
    public String type() {
        return SessionStateEvent.TYPE;
    }

    @Override
    public Class<SessionStateEvent> eventClass() {
        return SessionStateEvent.class;
    }

    @Override
    protected boolean rewritesSession() {
        return true;
    }

    @Override
    protected void applyTo(StreamingSession session, SessionStateEvent event, SessionBatch batch) {
        SessionState next = SessionState.parseOrNull(event.state());
        if (next == null) {
            LOG.warn("Event {} asks session {} for unknown state {}: ignored", event.eventId(), session.id(),
                    event.state());
            return;
        }
        SessionLifecycle.Outcome outcome = lifecycle.move(session.id(), next, event.reason(), event.at());
        if (outcome instanceof SessionLifecycle.Outcome.Refused refused) {
            LOG.info("Event {}: session {} may not move from {} to {}: ignored", event.eventId(), session.id(),
                    refused.session().status(), next.wireName());
        } else if (outcome instanceof SessionLifecycle.Outcome.Missing) {
            LOG.info("Event {}: session {} vanished before its move to {}", event.eventId(), session.id(),
                    next.wireName());
        }
    }
}
