package io.mgw.controlplane.session.history;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A multi-agent handoff within a session. */
@MappedEntity("streaming_handoffs")
public record Handoff(
        @Id @JsonProperty("_id") String id,
        @JsonProperty("session_id") String sessionId,
        @Nullable @JsonProperty("from_agent") String fromAgent,
        @JsonProperty("to_agent") String toAgent,
        @Nullable String reason,
        @JsonProperty("started_at") Instant startedAt,
        @Nullable @JsonProperty("completed_at") Instant completedAt,
        @JsonIgnore Instant createdAt) {
}
