package io.mgw.controlplane.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgw.controlplane.lifecycle.LifecycleDecision.Action;
import io.mgw.controlplane.lifecycle.LifecycleDecision.State;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lifecycle decisions at fixed instants: idle timeouts, windows across midnight and DST changes, TTLs. */
class LifecycleDecisionTest {

    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

    private static State running(Instant lastActivity, boolean busy) {
        return new State(true, 2, null, lastActivity, busy, false, null, null);
    }

    private static State stopped(String reason) {
        return new State(false, 2, reason, T0, false, false, null, null);
    }

    private static LifecyclePolicy idle(String type, int minutes) {
        return new LifecyclePolicy(type, minutes, null);
    }

    private static LifecyclePolicy window(String zone, LifecyclePolicy.Window... windows) {
        return new LifecyclePolicy(LifecyclePolicy.SCHEDULED_WINDOW, null,
                new LifecyclePolicy.Schedule(zone, List.of(windows)));
    }

    @Test
    void idleShutdownStopsOnlyAfterTheTimeoutWithoutActivity() {
        var policy = idle(LifecyclePolicy.IDLE_SHUTDOWN, 15);
        assertInstanceOf(Action.Keep.class, LifecycleDecision.decide(policy, running(T0, false),
                T0.plus(Duration.ofMinutes(14).plusSeconds(59))));
        assertEquals(new Action.Stop("idle for 15 minutes"), LifecycleDecision.decide(policy, running(T0, false),
                T0.plus(Duration.ofMinutes(15))));
        assertInstanceOf(Action.Keep.class, LifecycleDecision.decide(policy, running(T0, true),
                T0.plus(Duration.ofHours(3))), "a live session or execution keeps it running");
        assertInstanceOf(Action.Keep.class, LifecycleDecision.decide(policy, stopped("idle for 15 minutes"),
                T0.plus(Duration.ofHours(3))), "already stopped: nothing to do (idempotent)");
    }

    @Test
    void onDemandStopsWhenIdleAndMayAlwaysBeStartedByATrigger() {
        var policy = idle(LifecyclePolicy.ON_DEMAND, 5);
        assertEquals(new Action.Stop("idle for 5 minutes"), LifecycleDecision.decide(policy, running(T0, false),
                T0.plus(Duration.ofMinutes(6))));
        assertInstanceOf(Action.Keep.class, LifecycleDecision.decide(policy, stopped("idle for 5 minutes"),
                T0.plus(Duration.ofDays(1))), "the reconciler does not start it: a trigger or session does");
        assertTrue(LifecycleDecision.mayStart(policy, T0));
    }

    @Test
    void alwaysOnKeepsRunningAndRestartsOnlyWhatTheLifecycleStopped() {
        var policy = LifecyclePolicy.defaultPolicy();
        assertInstanceOf(Action.Keep.class, LifecycleDecision.decide(policy, running(T0.minus(Duration.ofDays(30)),
                false), T0));
        assertEquals(new Action.Start(2), LifecycleDecision.decide(policy, stopped("idle for 30 minutes"), T0));
        assertInstanceOf(Action.Keep.class, LifecycleDecision.decide(policy, stopped("stopped by usr_1"), T0),
                "a user's stop is respected");
    }

    @Test
    void scheduledWindowAcrossMidnightIsTheTwentyFourHundredAndMidnightPair() {
        // Friday 22:00-24:00 and Saturday 00:00-06:00 in UTC: one night shift.
        var policy = window("UTC", new LifecyclePolicy.Window(List.of(5), "22:00", "24:00"),
                new LifecyclePolicy.Window(List.of(6), "00:00", "06:00"));
        var friday = Instant.parse("2026-11-27T00:00:00Z"); // a Friday
        assertFalse(LifecycleDecision.inWindow(policy.schedule(), friday.plus(Duration.ofHours(21).plusMinutes(59))));
        assertTrue(LifecycleDecision.inWindow(policy.schedule(), friday.plus(Duration.ofHours(22))));
        assertTrue(LifecycleDecision.inWindow(policy.schedule(), friday.plus(Duration.ofHours(24).minusNanos(1))));
        assertTrue(LifecycleDecision.inWindow(policy.schedule(), friday.plus(Duration.ofHours(24))), "Saturday 00:00");
        assertTrue(LifecycleDecision.inWindow(policy.schedule(), friday.plus(Duration.ofHours(29).plusMinutes(59))));
        assertFalse(LifecycleDecision.inWindow(policy.schedule(), friday.plus(Duration.ofHours(30))), "Saturday 06:00");
        assertFalse(LifecycleDecision.inWindow(policy.schedule(), friday.minus(Duration.ofHours(1))), "Thursday 23:00");

        assertEquals(new Action.Stop(LifecycleDecision.OUTSIDE_WINDOW), LifecycleDecision.decide(policy,
                running(T0, true), friday.plus(Duration.ofHours(12))), "outside the window it stops, even when busy");
        assertEquals(new Action.Start(2), LifecycleDecision.decide(policy, stopped(LifecycleDecision.OUTSIDE_WINDOW),
                friday.plus(Duration.ofHours(23))));
        assertInstanceOf(Action.Keep.class, LifecycleDecision.decide(policy, running(T0, false),
                friday.plus(Duration.ofHours(25))));
    }

    @Test
    void scheduledWindowFollowsWallClockOnTheSpringForwardDay() {
        // 2026-03-08 (Sunday) America/Los_Angeles: 02:00 PST jumps to 03:00 PDT (10:00Z).
        var policy = window("America/Los_Angeles", new LifecyclePolicy.Window(List.of(0), "01:00", "03:00"),
                new LifecyclePolicy.Window(List.of(1), "09:00", "17:00"));
        assertTrue(LifecycleDecision.inWindow(policy.schedule(), Instant.parse("2026-03-08T09:30:00Z")), "01:30 PST");
        assertFalse(LifecycleDecision.inWindow(policy.schedule(), Instant.parse("2026-03-08T10:00:00Z")),
                "03:00 PDT: the window lasted one real hour that night");
        assertFalse(LifecycleDecision.inWindow(policy.schedule(), Instant.parse("2026-03-08T08:59:00Z")), "00:59 PST");
        // Monday after the change: 09:00 local is 16:00Z now, not 17:00Z.
        assertTrue(LifecycleDecision.inWindow(policy.schedule(), Instant.parse("2026-03-09T16:00:00Z")), "09:00 PDT");
        assertFalse(LifecycleDecision.inWindow(policy.schedule(), Instant.parse("2026-03-09T15:59:00Z")), "08:59 PDT");
        assertFalse(LifecycleDecision.inWindow(policy.schedule(), Instant.parse("2026-03-10T00:00:00Z")), "17:00 PDT");
        assertTrue(LifecycleDecision.inWindow(policy.schedule(), Instant.parse("2026-03-09T23:59:00Z")), "16:59 PDT");
    }

    @Test
    void scheduledWindowOnTheFallBackDayCoversBothOneOClocks() {
        // 2026-11-01 (Sunday) America/Los_Angeles: 02:00 PDT falls back to 01:00 PST (09:00Z); 01:xx happens twice.
        var policy = window("America/Los_Angeles", new LifecyclePolicy.Window(List.of(0), "00:00", "01:30"),
                new LifecyclePolicy.Window(List.of(6), "22:00", "24:00"));
        assertTrue(LifecycleDecision.inWindow(policy.schedule(), Instant.parse("2026-11-01T08:15:00Z")), "01:15 PDT");
        assertTrue(LifecycleDecision.inWindow(policy.schedule(), Instant.parse("2026-11-01T09:15:00Z")), "01:15 PST");
        assertFalse(LifecycleDecision.inWindow(policy.schedule(), Instant.parse("2026-11-01T08:45:00Z")), "01:45 PDT");
        assertFalse(LifecycleDecision.inWindow(policy.schedule(), Instant.parse("2026-11-01T09:45:00Z")), "01:45 PST");
        // Saturday 22:00-24:00 PDT then Sunday 00:00: across midnight into the change day.
        assertTrue(LifecycleDecision.inWindow(policy.schedule(), Instant.parse("2026-11-01T05:00:00Z")), "Sat 22:00 PDT");
        assertTrue(LifecycleDecision.inWindow(policy.schedule(), Instant.parse("2026-11-01T07:00:00Z")), "Sun 00:00 PDT");
        assertFalse(LifecycleDecision.inWindow(policy.schedule(), Instant.parse("2026-11-01T04:59:00Z")), "Sat 21:59");
    }

    @Test
    void scheduledWindowStartIsRefusedOutsideTheWindow() {
        var policy = window("UTC", new LifecyclePolicy.Window(List.of(1, 2, 3, 4, 5), "09:00", "17:00"));
        assertTrue(LifecycleDecision.mayStart(policy, Instant.parse("2026-11-23T10:00:00Z")), "Monday 10:00");
        assertFalse(LifecycleDecision.mayStart(policy, Instant.parse("2026-11-22T10:00:00Z")), "Sunday");
    }

    @Test
    void ephemeralDeploymentsAreRemovedAfterTheirTtlWhenIdle() {
        Instant expires = T0.plus(Duration.ofMinutes(10));
        var fresh = new State(true, 1, null, T0, false, true, expires, Duration.ofMinutes(10));
        assertInstanceOf(Action.Keep.class, LifecycleDecision.decide(null, fresh, T0.plus(Duration.ofMinutes(9))));
        assertInstanceOf(Action.Remove.class, LifecycleDecision.decide(null, fresh, expires));
        var busy = new State(true, 1, null, T0, true, true, expires, Duration.ofMinutes(10));
        assertInstanceOf(Action.Keep.class, LifecycleDecision.decide(null, busy, expires.plus(Duration.ofHours(1))));
        var recentlyUsed = new State(true, 1, null, expires.minus(Duration.ofMinutes(1)), false, true, expires,
                Duration.ofMinutes(10));
        assertInstanceOf(Action.Keep.class, LifecycleDecision.decide(null, recentlyUsed, expires.plusSeconds(60)),
                "the TTL also counts from the last session");
    }
}
