package io.mgw.controlplane.runstream;

import io.mgw.adapters.contract.events.RunEventType;
import io.mgw.controlplane.execution.ExecutionRepository.Progress;
import io.mgw.controlplane.execution.ExecutionRepository.StoredEvent;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.FluxSink;

/**
 * One stream's position in a run: it emits each event exactly once and in seq order, from the seq after the one it
 * started from. Events come in batches read by its {@link RunFeed}; a batch may repeat what it has already sent or
 * lack a seq another replica has not committed yet, so it waits up to the gap grace for a missing seq before moving
 * past it. It completes after the terminal event, or once the run has finished and nothing stored is left to send.
 *
 * <p>It sends only what its stream has asked for: a client that stops reading stops its watcher, which holds nothing
 * (the events stay in PostgreSQL) and takes up again from its cursor when the stream asks for more.
 */
final class RunWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(RunWatcher.class);

    private final UUID executionId;
    private final FluxSink<StoredEvent> sink;
    private final long gapGraceNanos;
    // Guarded by this: batches arrive from the feed's fetch thread, completion may race with cancellation.
    private long cursor;
    private long gapSinceNanos;
    private boolean done;

    RunWatcher(UUID executionId, FluxSink<StoredEvent> sink, long afterSeq, long gapGraceNanos) {
        this.executionId = executionId;
        this.sink = sink;
        this.cursor = afterSeq;
        this.gapGraceNanos = gapGraceNanos;
    }

    /** The last seq sent (or the one the stream started after). */
    synchronized long cursor() {
        return cursor;
    }

    /** Whether its stream can take an event now: not done, and asked for more than it has been sent. */
    synchronized boolean wantsMore() {
        return !done && sink.requestedFromDownstream() > 0;
    }

    /**
     * Sends what of {@code events} (ascending seq) follows the cursor without a gap and what its stream has asked
     * for, then completes when the run is over. Returns true when it is waiting for a missing seq, so the feed should
     * look again after the grace.
     */
    synchronized boolean offer(List<StoredEvent> events, Progress progress, long nowNanos) {
        if (done) {
            return false;
        }
        for (StoredEvent event : events) {
            if (event.seq() <= cursor) {
                continue;
            }
            if (sink.requestedFromDownstream() <= 0) {
                // The stream's next request wakes the feed, which reads on from the cursor.
                return false;
            }
            if (event.seq() != cursor + 1) {
                if (gapSinceNanos == 0) {
                    gapSinceNanos = nowNanos;
                }
                if (nowNanos - gapSinceNanos < gapGraceNanos) {
                    return true;
                }
                LOG.warn("run {}: events {}..{} never arrived; the stream moves on", executionId, cursor + 1,
                        event.seq() - 1);
            }
            gapSinceNanos = 0;
            cursor = event.seq();
            sink.next(event);
            if (RunEventType.fromWire(event.eventType()).terminal()) {
                complete();
                return false;
            }
        }
        if (progress == null || (progress.finished() && cursor >= progress.lastEventSeq())) {
            complete();
        }
        return false;
    }

    synchronized void complete() {
        if (!done) {
            done = true;
            sink.complete();
        }
    }

    synchronized boolean done() {
        return done;
    }
}
