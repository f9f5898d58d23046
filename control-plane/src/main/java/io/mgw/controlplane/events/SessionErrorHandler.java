package io.mgw.controlplane.events;

import io.mgw.adapters.contract.Ids;
import io.mgw.adapters.contract.events.ErrorEvent;
import io.mgw.controlplane.session.StreamingSession;
import io.mgw.controlplane.session.history.SessionError;
import io.mgw.controlplane.session.history.SessionErrorRepository;
import jakarta.inject.Singleton;
import java.time.Clock;

/** {@code error}: one session error, timestamped with the event's {@code at}. */
@Singleton
public class SessionErrorHandler extends SessionEventHandler<ErrorEvent> {

    private final SessionErrorRepository errors;

    public SessionErrorHandler(Clock clock, EventMetrics metrics, SessionErrorRepository errors) {
        super(clock, metrics);
        this.errors = errors;
    }

    @Override
    public String type() {
        return ErrorEvent.TYPE;
    }

    @Override
    public Class<ErrorEvent> eventClass() {
        return ErrorEvent.class;
    }

    @Override
    protected void applyTo(StreamingSession session, ErrorEvent event, SessionBatch batch) {
        batch.insert(errors, new SessionError(Ids.newId("err"), session.id(), event.code(), event.message(),
                event.nodeId(), event.at(), clock.instant()));
    }
}
