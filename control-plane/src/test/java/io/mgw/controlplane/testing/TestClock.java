package io.mgw.controlplane.testing;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The system clock plus an offset a test can move forward, so timeouts are tested without waiting. */
public final class TestClock extends Clock {

    private volatile Duration offset = Duration.ZERO;

    /** Moves the clock forward. */
    public void advance(Duration by) {
        offset = offset.plus(by);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    /** Replaces the application's clock in every test context. */
    @Factory
    public static class TestClockFactory {

        @Singleton
        @Replaces(Clock.class)
        TestClock testClock() {
            return new TestClock();
        }
    }
}
