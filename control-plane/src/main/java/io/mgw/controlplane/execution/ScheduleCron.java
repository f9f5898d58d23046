package io.mgw.controlplane.execution;

import io.micronaut.scheduling.cron.CronExpression;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A schedule trigger's timing: a five-field cron expression (minute hour day-of-month month day-of-week, days of the
 * week 0-7 with 0 and 7 Sunday, as the node catalog has it) read in an IANA time zone. Evaluated by Micronaut's
 * {@link CronExpression}, which wants a leading seconds field.
 */
record ScheduleCron(String expression, ZoneId zone, CronExpression cron) {

    /**
     * Parses the node's {@code cron} and {@code timezone}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static ScheduleCron parse(String expression, String timezone) {
        if (expression == null || expression.trim().split("\\s+").length != 5) {
            throw new IllegalArgumentException("cron must have five fields (minute hour day month weekday), got '"
                    + expression + "'");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(timezone == null || timezone.isBlank() ? "UTC" : timezone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("timezone '" + timezone + "' is not an IANA time zone");
        }
        return new ScheduleCron(expression.trim(), zone, CronExpression.create("0 " + expression.trim()));
    }

    /** The first fire strictly after {@code after}. */
    Instant nextAfter(Instant after) {
        return cron.nextTimeAfter(after.atZone(zone)).toInstant();
    }
}
