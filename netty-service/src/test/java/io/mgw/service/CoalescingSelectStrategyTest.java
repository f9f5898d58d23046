package io.mgw.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.SelectStrategy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CoalescingSelectStrategyTest {

    @Test
    void pendingTasksPollAtOnceWithoutWaiting() throws Exception {
        var strategy = new CoalescingSelectStrategy(Duration.ofSeconds(5));
        AtomicInteger polls = new AtomicInteger();
        long start = System.nanoTime();

        int result = strategy.calculateStrategy(() -> polls.incrementAndGet() == 1 ? 0 : 7, true);

        assertEquals(0, result, "with tasks queued the loop takes what one poll returns, even nothing");
        assertEquals(1, polls.get());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos(), "waited the window with tasks queued");
    }

    @Test
    void readySocketsAreHandledAtOnceWithoutWaiting() throws Exception {
        var strategy = new CoalescingSelectStrategy(Duration.ofSeconds(5));
        AtomicInteger polls = new AtomicInteger();
        long start = System.nanoTime();

        assertEquals(3, strategy.calculateStrategy(() -> polls.incrementAndGet() == 1 ? 3 : 9, false));
        assertEquals(1, polls.get());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos(), "a busy loop must not wait");
    }

    @Test
    void anIdleLoopWaitsTheWindowThenHandlesWhatArrivedMeanwhile() throws Exception {
        var strategy = new CoalescingSelectStrategy(Duration.ofMillis(30));
        AtomicInteger polls = new AtomicInteger();
        long start = System.nanoTime();

        int result = strategy.calculateStrategy(() -> polls.incrementAndGet() == 1 ? 0 : 5, false);

        assertEquals(5, result);
        assertEquals(2, polls.get());
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(25).toNanos(), "polled again before the window");
    }

    @Test
    void aWindowThatBroughtNothingBlocksAsUsual() throws Exception {
        var strategy = new CoalescingSelectStrategy(Duration.ofMillis(1));
        AtomicInteger polls = new AtomicInteger();

        assertEquals(SelectStrategy.SELECT, strategy.calculateStrategy(() -> {
            polls.incrementAndGet();
            return 0;
        }, false));
        assertEquals(2, polls.get());
    }

    @Test
    void theWindowMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new CoalescingSelectStrategy(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new CoalescingSelectStrategy(Duration.ofMillis(-1)));
    }
}
