package io.mgw.service;

import io.netty.channel.SelectStrategy;
import io.netty.util.IntSupplier;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Wake-up coalescing for an event loop, the software form of a network card's interrupt moderation: when the loop
 * has no task to run and no socket is ready, it sleeps for a short window and then polls its sockets without
 * blocking, so that one wake-up serves every socket that became readable meanwhile instead of one or two. It blocks
 * as usual only when the window brought nothing, and never waits while work is ready (a busy loop never sleeps).
 *
 * <p>On a relay carrying hundreds of 50-frames-a-second streams most of the CPU is the kernel's, and a large part of
 * that is the loop going to sleep and being woken, and the wake-ups its writes cause in its peers; both fall with the
 * number of wake-ups (BENCHMARKS.md). The price is latency: a frame waits at most one window (plus the kernel's timer
 * slack) before it is read, and a task handed over by another thread as long.
 */
final class CoalescingSelectStrategy implements SelectStrategy {

    private final long windowNanos;

    /** @param window how long a loop with nothing to do waits before polling; positive */
    CoalescingSelectStrategy(Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        this.windowNanos = window.toNanos();
    }

    @Override
    public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
        int ready = selectNow.get();
        if (hasTasks || ready > 0) {
            return ready;
        }
        LockSupport.parkNanos(windowNanos);
        ready = selectNow.get();
        return ready > 0 ? ready : SelectStrategy.SELECT;
    }
}
