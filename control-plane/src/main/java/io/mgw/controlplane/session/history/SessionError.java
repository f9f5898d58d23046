package io.mgw.controlplane.session.history;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** An error a session's pod reported. */
@MappedEntity("streaming_errors")
public record SessionError(
        @Id @JsonProperty("_id") String id,
        @JsonProperty("session_id") String sessionId,
        String code,
        @Nullable String message,
        @Nullable @JsonProperty("node_id") String nodeId,
        @JsonProperty("timestamp") Instant occurredAt,
        @JsonIgnore Instant createdAt) {
}
