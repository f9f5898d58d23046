package io.mgw.controlplane.session.history;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A 10-second metric window of a session. */
@MappedEntity("streaming_metrics")
public record MetricWindow(
        @Id @JsonProperty("_id") String id,
        @JsonProperty("session_id") String sessionId,
        @JsonProperty("window_start") Instant windowStart,
        @JsonProperty("window_end") Instant windowEnd,
        @JsonProperty("asr_words") int asrWords,
        @JsonProperty("tts_chars") int ttsChars,
        @JsonProperty("barge_in_count") int bargeInCount,
        @JsonIgnore Instant createdAt) {
}
