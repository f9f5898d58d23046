package io.mgw.controlplane.events;

import io.mgw.adapters.contract.Ids;
import io.mgw.adapters.contract.events.MetricsEvent;
import io.mgw.controlplane.session.StreamingSession;
import io.mgw.controlplane.session.history.MetricWindow;
import io.mgw.controlplane.session.history.MetricWindowRepository;
import jakarta.inject.Singleton;
import java.time.Clock;

/** {@code metrics}: one usage window. */
@Singleton
public class MetricsHandler extends SessionEventHandler<MetricsEvent> {

    private final MetricWindowRepository windows;

    public MetricsHandler(Clock clock, EventMetrics metrics, MetricWindowRepository windows) {
        super(clock, metrics);
        this.windows = windows;
    }

    @Override
    public String type() {
        return MetricsEvent.TYPE;
    }

    @Override
    public Class<MetricsEvent> eventClass() {
        return MetricsEvent.class;
    }

    @Override
    protected void applyTo(StreamingSession session, MetricsEvent event, SessionBatch batch) {
        batch.insert(windows, new MetricWindow(Ids.newId("met"), session.id(), event.windowStart(),
                event.windowEnd(), saturated(event.asrWords()), saturated(event.ttsChars()),
                saturated(event.bargeInCount()), clock.instant()));
    }

    /** The columns are integers; a window's counters never come near that, so an absurd value is capped, not retried. */
    static int saturated(long value) {
        return (int) Math.min(value, Integer.MAX_VALUE);
    }
}
