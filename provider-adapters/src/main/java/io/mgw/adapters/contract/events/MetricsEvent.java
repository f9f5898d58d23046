package io.mgw.adapters.contract.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** Usage counters of one time window of a session. */
public record MetricsEvent(
        @JsonProperty("event_id") String eventId,
        String org,
        @JsonProperty("session_id") String sessionId,
        @IsoInstant Instant at,
        @JsonProperty("window_start") @IsoInstant Instant windowStart,
        @JsonProperty("window_end") @IsoInstant Instant windowEnd,
        @JsonProperty("asr_words") long asrWords,
        @JsonProperty("tts_chars") long ttsChars,
        @JsonProperty("barge_in_count") long bargeInCount) implements MgwEvent {

    /** Wire type. */
    public static final String TYPE = "metrics";

    /** Requires the common fields, an ordered window and non-negative counters. */
    public MetricsEvent {
        EventChecks.common(eventId, org, sessionId, at, true);
        EventChecks.requireValue(windowStart, "window_start");
        EventChecks.requireValue(windowEnd, "window_end");
        EventChecks.requireOrdered(windowStart, windowEnd, "window_start", "window_end");
        EventChecks.requireNonNegative(asrWords, "asr_words");
        EventChecks.requireNonNegative(ttsChars, "tts_chars");
        EventChecks.requireNonNegative(bargeInCount, "barge_in_count");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
