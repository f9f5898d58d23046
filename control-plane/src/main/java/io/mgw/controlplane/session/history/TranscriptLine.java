package io.mgw.controlplane.session.history;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.time.Instant;

/** One transcript line of a session, as a pod reported it. */
@MappedEntity("streaming_transcripts")
public record TranscriptLine(
        @Id @JsonProperty("_id") String id,
        @JsonProperty("session_id") String sessionId,
        String role,
        String text,
        @MappedProperty("is_final") @JsonProperty("final") boolean isFinal,
        @JsonProperty("emitted_at") Instant emittedAt,
        @com.fasterxml.jackson.annotation.JsonIgnore Instant createdAt) {
}
