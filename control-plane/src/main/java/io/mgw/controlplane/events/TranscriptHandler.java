package io.mgw.controlplane.events;

import io.mgw.adapters.contract.Ids;
import io.mgw.adapters.contract.events.TranscriptEvent;
import io.mgw.controlplane.session.StreamingSession;
import io.mgw.controlplane.session.history.TranscriptLine;
import io.mgw.controlplane.session.history.TranscriptRepository;
import jakarta.inject.Singleton;
import java.time.Clock;

/** {@code transcript}: one transcript line; {@code emitted_at} defaults to the event's {@code at}. */
@Singleton
public class TranscriptHandler extends SessionEventHandler<TranscriptEvent> {

    private final TranscriptRepository transcripts;

    public TranscriptHandler(Clock clock, EventMetrics metrics, TranscriptRepository transcripts) {
        super(clock, metrics);
        this.transcripts = transcripts;
    }

    @Override
    public String type() {
        return TranscriptEvent.TYPE;
    }

    @Override
    public Class<TranscriptEvent> eventClass() {
        return TranscriptEvent.class;
    }

    @Override
    protected void applyTo(StreamingSession session, TranscriptEvent event, SessionBatch batch) {
        // Pods report final lines only (the event has no interim flag).
        batch.insert(transcripts, new TranscriptLine(Ids.newId("txn"), session.id(), event.role(), event.text(), true,
                event.emittedAt() == null ? event.at() : event.emittedAt(), clock.instant()));
    }
}
