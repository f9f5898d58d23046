package io.mgw.controlplane.events;

import io.mgw.adapters.contract.Ids;
import io.mgw.adapters.contract.events.HandoffEvent;
import io.mgw.controlplane.session.StreamingSession;
import io.mgw.controlplane.session.history.Handoff;
import io.mgw.controlplane.session.history.HandoffRepository;
import jakarta.inject.Singleton;
import java.time.Clock;

/** {@code handoff}: one agent-to-agent handoff. */
@Singleton
public class HandoffHandler extends SessionEventHandler<HandoffEvent> {

    private final HandoffRepository handoffs;

    public HandoffHandler(Clock clock, EventMetrics metrics, HandoffRepository handoffs) {
        super(clock, metrics);
        this.handoffs = handoffs;
    }

    @Override
    public String type() {
        return HandoffEvent.TYPE;
    }

    @Override
    public Class<HandoffEvent> eventClass() {
        return HandoffEvent.class;
    }

    @Override
    protected void applyTo(StreamingSession session, HandoffEvent event, SessionBatch batch) {
        batch.insert(handoffs, new Handoff(Ids.newId("ho"), session.id(), event.fromAgent(), event.toAgent(),
                event.reason(), event.startedAt(), event.completedAt(), clock.instant()));
    }
}
