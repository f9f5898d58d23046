package io.mgw.controlplane.runstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunStreamsConfigTest {

    private static RunStreamsConfig withLimit(Duration limit) {
        return new RunStreamsConfig(limit, Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    @Test
    void theFlowStreamLimitIsThreeHundredSecondsAtMost() {
        assertEquals(Duration.ofSeconds(300), withLimit(Duration.ofSeconds(300)).flowMaxDuration());
        assertEquals(Duration.ofMillis(1500), withLimit(Duration.ofMillis(1500)).flowMaxDuration());
        assertThrows(IllegalArgumentException.class, () -> withLimit(Duration.ofSeconds(301)));
        assertThrows(IllegalArgumentException.class, () -> withLimit(Duration.ZERO));
    }

    @Test
    void heartbeatPollAndGraceMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new RunStreamsConfig(Duration.ofSeconds(1), Duration.ZERO,
                Duration.ofSeconds(5), Duration.ofSeconds(5)));
        assertThrows(IllegalArgumentException.class, () -> new RunStreamsConfig(Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(-5), Duration.ofSeconds(5)));
        assertThrows(IllegalArgumentException.class, () -> new RunStreamsConfig(Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(5), null));
    }
}
