package io.mgw.runtime.session;

import io.mgw.adapters.contract.events.EventFactory;
import io.mgw.runtime.engine.NodeFactory;
import io.mgw.runtime.events.EventPublisher;
import io.mgw.runtime.metrics.RuntimeMetrics;
import java.time.Duration;

/**
 * What every session of the pod shares: meters, the event stream, node behaviours and the session timings.
 *
 * @param grace         how long a session waits for a new link after its link dropped
 * @param metricsWindow the length of a metrics window
 */
public record SessionServices(RuntimeMetrics metrics, EventPublisher events, EventFactory eventFactory,
                              NodeFactory nodes, Duration grace, Duration metricsWindow) {
}
