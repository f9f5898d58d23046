package io.mgw.gateway.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a deadline passes (tests never sleep blindly). */
public final class Await {

    private Await() {
    }

    /** Waits until {@code condition} holds; fails with {@code what} after {@code within}. */
    public static void until(Duration within, BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }
}
