package io.mgw.controlplane.events;

import io.mgw.adapters.contract.events.CallClosedEvent;
import io.mgw.controlplane.session.SessionLifecycle;
import io.mgw.controlplane.session.SessionState;
import io.mgw.controlplane.session.StreamingSession;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * {@code call.closed}: records the close code and reason on the session. A closed provider call
 * ({@code agent-stream}) is over, so the session also ends with the close reason; a closed session socket
 * ({@code session}) is not: the client may resume, and the session ends through its own state events or the API.
 */
@Singleton
public class CallClosedHandler extends SessionEventHandler<CallClosedEvent> {

    /** The {@code endpoint} value of a provider call's socket (frames.md). */
    static final String AGENT_STREAM = "agent-stream";

    private final SessionLifecycle lifecycle;

    public CallClosedHandler(Clock clock, EventMetrics metrics, SessionLifecycle lifecycle) {
        super(clock, metrics);
        this.lifecycle = lifecycle;
    }

    @Override
    public String type() {
        return CallClosedEvent.TYPE;
    }

    @Override
    public Class<CallClosedEvent> eventClass() {
        return CallClosedEvent.class;
    }

    @Override
    protected boolean rewritesSession() {
        return true;
    }

    @Override
    protected void applyTo(StreamingSession session, CallClosedEvent event, SessionBatch batch) {
        lifecycle.recordClose(session.id(), event.code(), event.reason());
        if (AGENT_STREAM.equals(event.endpoint())) {
            String reason = event.reason() == null || event.reason().isBlank()
                    ? "call closed with code " + event.code() : event.reason();
            // Refused only when already ended or failed, which is what we want anyway.
            lifecycle.move(session.id(), SessionState.ENDED, reason, event.at());
        }
    }
}
