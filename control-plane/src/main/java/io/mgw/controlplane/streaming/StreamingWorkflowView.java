package io.mgw.controlplane.streaming;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The Streaming Workflow object: the same row as a batch workflow, shown with {@code _id}, {@code edges}, and the
 * deployment state as {@code status}.
 */
public record StreamingWorkflowView(
        @JsonProperty("_id") String id,
        String name,
        @Nullable String description,
        String workflowType,
        String status,
        UUID agentUuid,
        @Nullable String ownerId,
        String organizationId,
        List<String> sharedWith,
        @JsonProperty("isPublic") boolean isPublic,
        JsonNode nodes,
        JsonNode edges,
        String lifecycleStatus,
        Instant createdAt,
        Instant updatedAt) {
}
