package io.mgw.controlplane.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import java.util.List;

/** Request bodies of the workflows API. */
public final class WorkflowRequests {

    private WorkflowRequests() {
    }

    /** {@code POST /api/v1/workflows}. */
    public record CreateWorkflow(@Nullable String name, @Nullable String description, @Nullable String status,
                                 @Nullable String workflowType, @Nullable JsonNode nodes,
                                 @Nullable JsonNode connections, @Nullable JsonNode edges,
                                 @Nullable List<String> tags, @Nullable JsonNode settings, @Nullable JsonNode config,
                                 @Nullable Boolean isPublic, @Nullable String appId, @Nullable String workspaceId) {
    }

    /** {@code PUT /api/v1/workflows/{id}}: every field optional, absent fields unchanged. */
    public record UpdateWorkflow(@Nullable String name, @Nullable String description, @Nullable JsonNode nodes,
                                 @Nullable JsonNode connections, @Nullable JsonNode edges,
                                 @Nullable List<String> tags, @Nullable JsonNode settings, @Nullable JsonNode config,
                                 @Nullable Boolean isPublic, @Nullable String appId) {
    }

    /** {@code PUT /api/v1/workflows/{id}/status}. */
    public record UpdateStatus(@Nullable String status) {
    }

    /** {@code POST /api/v1/workflows/{id}/share}. */
    public record ShareRequest(@Nullable String userId) {
    }

    /** {@code POST /api/v1/workflows/{id}/versions}. */
    public record CreateVersion(@Nullable String versionTag, @Nullable String description) {
    }
}
