package io.mgw.controlplane.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Reading a schedule trigger's five-field cron in its time zone. */
class ScheduleCronTest {

    @Test
    void weekdaysAtSevenAreReadInTheGivenZone() {
        ScheduleCron cron = ScheduleCron.parse("0 7 * * 1-5", "America/Los_Angeles");
        // Friday 2026-11-27 16:00 UTC is 08:00 in Los Angeles: the next fire is Monday 07:00 there (15:00 UTC).
        assertEquals(Instant.parse("2026-11-30T15:00:00Z"), cron.nextAfter(Instant.parse("2026-11-27T16:00:00Z")));
    }

    @Test
    void theNextFireIsStrictlyLater() {
        ScheduleCron cron = ScheduleCron.parse("*/15 * * * *", null);
        assertEquals(Instant.parse("2026-01-01T10:15:00Z"), cron.nextAfter(Instant.parse("2026-01-01T10:00:00Z")));
        assertEquals("UTC", cron.zone().getId());
    }

    @Test
    void anythingButFiveValidFieldsAndAKnownZoneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ScheduleCron.parse("0 0 7 * * 1", "UTC"));
        assertThrows(IllegalArgumentException.class, () -> ScheduleCron.parse("every day", "UTC"));
        assertThrows(IllegalArgumentException.class, () -> ScheduleCron.parse("0 25 * * *", "UTC"));
        assertThrows(IllegalArgumentException.class, () -> ScheduleCron.parse("0 7 * * *", "Mars/Olympus"));
    }
}
