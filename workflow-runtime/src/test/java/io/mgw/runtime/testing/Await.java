package io.mgw.runtime.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assertions;

/** Polls a condition until it holds or a deadline passes: the tests' only way to wait for asynchronous effects. */
public final class Await {

    private static final long POLL_MILLIS = 25;

    private Await() {
    }

    /** Returns as soon as {@code condition} is true; fails with {@code what} once {@code deadline} has passed. */
    public static void until(Duration deadline, String what, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                Assertions.fail("not within " + deadline.toMillis() + " ms: " + what);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Assertions.fail("interrupted while waiting for: " + what);
            }
        }
    }
}
