package io.mgw.controlplane.lifecycle;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalTime;
import java.util.List;

/**
 * When a deployed workflow's pods are kept running.
 *
 * @param type               always-on, idle-shutdown, on-demand or scheduled-window
 * @param idleTimeoutMinutes idle minutes before scaling to zero (idle-shutdown, on-demand), else null
 * @param schedule           the windows (scheduled-window), else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LifecyclePolicy(String type, Integer idleTimeoutMinutes, Schedule schedule) {

    public static final String ALWAYS_ON = "always-on";
    public static final String IDLE_SHUTDOWN = "idle-shutdown";
    public static final String ON_DEMAND = "on-demand";
    public static final String SCHEDULED_WINDOW = "scheduled-window";
    public static final List<String> TYPES = List.of(ALWAYS_ON, IDLE_SHUTDOWN, ON_DEMAND, SCHEDULED_WINDOW);
    public static final int DEFAULT_IDLE_TIMEOUT_MINUTES = 30;

    /** The policy of a workflow that never set one. */
    public static LifecyclePolicy defaultPolicy() {
        return new LifecyclePolicy(ALWAYS_ON, null, null);
    }

    /** A timezone and the weekly windows in it. */
    public record Schedule(String timezone, List<Window> windows) {
    }

    /**
     * Days (0 = Sunday ... 6 = Saturday) with a daily window; {@code endTime} "24:00" means the end of the day, so
     * a night shift is two windows (22:00-24:00 and 00:00-06:00 the next day).
     */
    public record Window(List<Integer> days, String startTime, String endTime) {

        public LocalTime start() {
            return LocalTime.parse(startTime);
        }

        /** The end as a time; "24:00" is {@link LocalTime#MAX}. */
        public LocalTime end() {
            return "24:00".equals(endTime) ? LocalTime.MAX : LocalTime.parse(endTime);
        }
    }
}
