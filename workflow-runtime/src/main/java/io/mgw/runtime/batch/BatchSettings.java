package io.mgw.runtime.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * The workflow {@code settings} a run honours: {@code timeout} (seconds, the whole run), {@code retryOnFailure} and
 * {@code maxRetries} (extra attempts of a failing node). Absent or malformed values take the defaults.
 */
public record BatchSettings(Duration timeout, boolean retryOnFailure, int maxRetries) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);
    static final int MAX_RETRIES = 10;

    public static BatchSettings of(JsonNode settings) {
        JsonNode s = settings == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : settings;
        Duration timeout = s.path("timeout").isNumber() && s.path("timeout").asDouble() > 0
                ? Duration.ofMillis((long) (s.path("timeout").asDouble() * 1000)) : DEFAULT_TIMEOUT;
        boolean retry = s.path("retryOnFailure").asBoolean(false);
        int maxRetries = s.path("maxRetries").isIntegralNumber() ? Math.max(0, Math.min(MAX_RETRIES, s.path("maxRetries").asInt())) : 0;
        return new BatchSettings(timeout, retry, maxRetries);
    }

    /** Extra attempts a failing node gets. */
    public int retries() {
        return retryOnFailure ? maxRetries : 0;
    }
}
