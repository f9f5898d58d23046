package io.mgw.controlplane.lifecycle;

import io.micronaut.core.annotation.Nullable;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * What the lifecycle reconciler should do with one deployment now: pure, so every policy is unit-tested with a fixed
 * instant. Windows are evaluated in the policy's time zone from the instant (java.time), so a DST change shortens or
 * lengthens a window in real time but never shifts its wall-clock edges.
 */
public final class LifecycleDecision {

    /** Prefix of the stopped reason of an idle stop; the full reason is "idle for N minutes". */
    public static final String IDLE_PREFIX = "idle for ";
    public static final String OUTSIDE_WINDOW = "outside its scheduled window";

    private LifecycleDecision() {
    }

    /**
     * What the reconciler knows about a deployment.
     *
     * @param running       replicas &gt; 0 and not stopped
     * @param replicas      the replicas to run when running (at least 1)
     * @param stoppedReason why it is stopped (null when running)
     * @param lastActivity  the newest of its start, last session update and last execution start
     * @param busy          a live session or a running execution right now
     * @param ephemeral     a dev-run deployment, reaped after its TTL
     * @param expiresAt     for ephemeral ones: creation plus TTL
     * @param ttl           for ephemeral ones: how long it may idle after its last session
     */
    public record State(boolean running, int replicas, @Nullable String stoppedReason, Instant lastActivity,
                        boolean busy, boolean ephemeral, @Nullable Instant expiresAt, @Nullable Duration ttl) {
    }

    /** The action. */
    public sealed interface Action {
        /** Leave it as it is. */
        record Keep() implements Action {
        }

        /** Scale to zero, recording why. */
        record Stop(String reason) implements Action {
        }

        /** Scale back to the replicas. */
        record Start(int replicas) implements Action {
        }

        /** Remove it (an ephemeral deployment past its TTL). */
        record Remove(String reason) implements Action {
        }
    }

    private static final Action KEEP = new Action.Keep();

    public static Action decide(LifecyclePolicy policy, State state, Instant now) {
        if (state.ephemeral()) {
            return ephemeral(state, now);
        }
        LifecyclePolicy effective = policy == null ? LifecyclePolicy.defaultPolicy() : policy;
        return switch (effective.type()) {
            case LifecyclePolicy.IDLE_SHUTDOWN, LifecyclePolicy.ON_DEMAND -> idle(effective, state, now);
            case LifecyclePolicy.SCHEDULED_WINDOW -> inWindow(effective.schedule(), now)
                    ? (!state.running() && stoppedByLifecycle(state.stoppedReason())
                    ? new Action.Start(state.replicas()) : KEEP)
                    : (state.running() ? new Action.Stop(OUTSIDE_WINDOW) : KEEP);
            // always-on: keep it running; bring it back only when the reconciler itself had stopped it (the policy
            // changed), never when a user did.
            default -> !state.running() && stoppedByLifecycle(state.stoppedReason())
                    ? new Action.Start(state.replicas()) : KEEP;
        };
    }

    /**
     * Whether a trigger or a session may start the deployment now (on-demand and idle-shutdown: always; always-on:
     * yes; scheduled-window: only inside a window).
     */
    public static boolean mayStart(LifecyclePolicy policy, Instant now) {
        return policy == null || !LifecyclePolicy.SCHEDULED_WINDOW.equals(policy.type())
                || inWindow(policy.schedule(), now);
    }

    /** Whether the reconciler (not a user) stopped a deployment with this reason. */
    public static boolean stoppedByLifecycle(@Nullable String stoppedReason) {
        return stoppedReason != null && (stoppedReason.startsWith(IDLE_PREFIX) || stoppedReason.equals(OUTSIDE_WINDOW));
    }

    private static Action idle(LifecyclePolicy policy, State state, Instant now) {
        if (!state.running() || state.busy()) {
            return KEEP;
        }
        int minutes = policy.idleTimeoutMinutes() == null ? LifecyclePolicy.DEFAULT_IDLE_TIMEOUT_MINUTES
                : policy.idleTimeoutMinutes();
        return Duration.between(state.lastActivity(), now).compareTo(Duration.ofMinutes(minutes)) >= 0
                ? new Action.Stop(IDLE_PREFIX + minutes + " minutes") : KEEP;
    }

    private static Action ephemeral(State state, Instant now) {
        if (state.busy() || state.expiresAt() == null || now.isBefore(state.expiresAt())) {
            return KEEP;
        }
        Duration ttl = state.ttl() == null ? Duration.ZERO : state.ttl();
        return now.isBefore(state.lastActivity().plus(ttl)) ? KEEP
                : new Action.Remove("ephemeral deployment idle past its TTL of " + ttl.toSeconds() + " s");
    }

    /** Whether {@code now} falls in one of the windows, in the schedule's time zone. */
    public static boolean inWindow(@Nullable LifecyclePolicy.Schedule schedule, Instant now) {
        if (schedule == null || schedule.windows() == null) {
            return false;
        }
        ZonedDateTime local = now.atZone(ZoneId.of(schedule.timezone()));
        int day = local.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : local.getDayOfWeek().getValue();
        LocalTime time = local.toLocalTime();
        for (LifecyclePolicy.Window window : schedule.windows()) {
            if (window.days().contains(day) && !time.isBefore(window.start())
                    && ("24:00".equals(window.endTime()) || time.isBefore(window.end()))) {
                return true;
            }
        }
        return false;
    }
}
