package io.mgw.controlplane.runstream;

import io.mgw.controlplane.execution.ExecutionRepository;
import io.mgw.controlplane.execution.ExecutionRepository.Progress;
import io.mgw.controlplane.execution.ExecutionRepository.StoredEvent;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watchers of one run on this replica and the reads they share. A wake-up (a Pub/Sub announcement, a poll, a
 * new watcher) asks for one read of the run's progress and of its events after the lowest watcher cursor; wake-ups
 * that arrive while a read runs fold into one more read, so a burst of events costs a few queries however many
 * watchers there are. Reads run on the blocking executor, never on an event loop.
 */
final class RunFeed {

    private static final Logger LOG = LoggerFactory.getLogger(RunFeed.class);
    /** Events read per query; a longer backlog is read in further rounds. */
    static final int PAGE = 500;

    private final UUID executionId;
    private final String channel;
    private final ExecutionRepository executions;
    private final Executor blocking;
    private final ScheduledExecutorService timer;
    private final long gapGraceNanos;
    private final List<RunWatcher> watchers = new CopyOnWriteArrayList<>();
    private final AtomicInteger wakeUps = new AtomicInteger();

    RunFeed(UUID executionId, String channel, ExecutionRepository executions, Executor blocking,
            ScheduledExecutorService timer, long gapGraceNanos) {
        this.executionId = executionId;
        this.channel = channel;
        this.executions = executions;
        this.blocking = blocking;
        this.timer = timer;
        this.gapGraceNanos = gapGraceNanos;
    }

    UUID executionId() {
        return executionId;
    }

    String channel() {
        return channel;
    }

    void add(RunWatcher watcher) {
        watchers.add(watcher);
    }

    /** Removes a watcher; true when none is left. */
    boolean remove(RunWatcher watcher) {
        watchers.remove(watcher);
        return watchers.isEmpty();
    }

    int watcherCount() {
        return watchers.size();
    }

    /** Asks for a read soon; safe from any thread, including Lettuce's event loop. */
    void wake() {
        if (wakeUps.getAndIncrement() == 0) {
            try {
                blocking.execute(this::drain);
            } catch (RuntimeException e) {
                wakeUps.set(0);
                LOG.warn("run {}: could not schedule a read: {}", executionId, e.toString());
            }
        }
    }

    private void drain() {
        int missed = wakeUps.get();
        while (true) {
            boolean again;
            try {
                again = readOnce();
            } catch (RuntimeException e) {
                // The next poll tries again; the watchers keep their cursors.
                LOG.warn("run {}: reading its events failed: {}", executionId, e.toString());
                again = false;
            }
            if (again) {
                continue;
            }
            missed = wakeUps.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    /**
     * One read for the watchers that can take events now; true when a full page was taken and one of them moved, so
     * more may be waiting for it. A watcher whose client stopped reading is left out until its stream asks again.
     */
    private boolean readOnce() {
        List<RunWatcher> current = watchers.stream().filter(RunWatcher::wantsMore).toList();
        if (current.isEmpty()) {
            return false;
        }
        long from = current.stream().mapToLong(RunWatcher::cursor).min().orElse(0);
        // Progress first: every event it counts is already committed, so the read below sees it.
        Progress progress = executions.progress(executionId).orElse(null);
        List<StoredEvent> events = executions.eventsAfter(executionId, from, PAGE);
        long now = System.nanoTime();
        boolean gap = false;
        for (RunWatcher watcher : current) {
            gap |= watcher.offer(events, progress, now);
        }
        if (gap) {
            // A watcher waits for a missing seq: look again once its grace is over (re-reading sooner finds the same).
            timer.schedule(this::wake, TimeUnit.NANOSECONDS.toMillis(gapGraceNanos) + 50, TimeUnit.MILLISECONDS);
            return false;
        }
        long lowestAfter = current.stream().mapToLong(RunWatcher::cursor).min().orElse(0);
        return events.size() == PAGE && lowestAfter > from;
    }
}
