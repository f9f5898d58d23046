package io.mgw.controlplane.runstream;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * Settings of the live run streams ({@code mgw.run-streams.*}; defaults in {@code application.yml}).
 *
 * @param flowMaxDuration how long a flow run stream may last before it is cut off with a final error item: the
 *                        document's 300 s at most, lower when configured
 * @param heartbeat       how often an idle stream gets a keep-alive (an SSE comment line, whitespace in the JSON
 *                        array) so proxies do not cut it
 * @param pollInterval    how often watched runs are re-read even without a notification (a lost Pub/Sub message
 *                        or a Redis outage delays an event by at most this)
 * @param gapGrace        how long a stream waits for a missing seq (stored later by another replica) before it
 *                        moves past it
 */
@ConfigurationProperties("mgw.run-streams")
public record RunStreamsConfig(Duration flowMaxDuration, Duration heartbeat, Duration pollInterval, Duration gapGrace) {

    /** The flow run streaming document's limit. */
    public static final Duration FLOW_MAX_DURATION_LIMIT = Duration.ofSeconds(300);

    public RunStreamsConfig {
        if (flowMaxDuration == null || flowMaxDuration.isNegative() || flowMaxDuration.isZero()
                || flowMaxDuration.compareTo(FLOW_MAX_DURATION_LIMIT) > 0) {
            throw new IllegalArgumentException("mgw.run-streams.flow-max-duration must be within 1ms..300s");
        }
        requirePositive(heartbeat, "heartbeat");
        requirePositive(pollInterval, "poll-interval");
        requirePositive(gapGrace, "gap-grace");
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("mgw.run-streams." + name + " must be positive");
        }
    }
}
