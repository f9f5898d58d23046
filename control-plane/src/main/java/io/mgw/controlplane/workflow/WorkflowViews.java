package io.mgw.controlplane.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** JSON shapes of the workflows API (batch view); field names are the API document's. */
public final class WorkflowViews {

    private WorkflowViews() {
    }

    /** The full Workflow object. */
    public record WorkflowView(String id, String name, @Nullable String description, String workflowType,
                               UUID agentUuid, String status, int version, JsonNode nodes, JsonNode connections,
                               JsonNode config, JsonNode settings, List<String> tags, List<String> scopes,
                               String organizationId, String workspaceId, @Nullable String ownerId,
                               List<String> sharedWith, @JsonProperty("isPublic") boolean isPublic,
                               @JsonProperty("isTemplate") boolean isTemplate, String deploymentStatus,
                               Instant createdAt, Instant updatedAt) {

        static WorkflowView of(Workflow w, List<String> sharedWith) {
            return new WorkflowView(w.id(), w.name(), w.description(), w.workflowType(), w.agentUuid(), w.status(),
                    w.version(), w.nodes(), w.connections(), w.config(), w.settings(), List.of(w.tags()),
                    List.of(w.scopes()), w.organizationId(), w.workspaceId(), w.ownerId(), sharedWith, w.isPublic(),
                    w.isTemplate(), w.deploymentStatus(), w.createdAt(), w.updatedAt());
        }
    }

    /** A workflow in a list: no graph. */
    public record WorkflowSummary(String id, String name, @Nullable String description, String workflowType,
                                  UUID agentUuid, String status, int version, List<String> tags,
                                  String organizationId, @Nullable String ownerId,
                                  @JsonProperty("isPublic") boolean isPublic,
                                  @JsonProperty("isTemplate") boolean isTemplate, Instant createdAt,
                                  Instant updatedAt) {

        static WorkflowSummary of(Workflow w) {
            return new WorkflowSummary(w.id(), w.name(), w.description(), w.workflowType(), w.agentUuid(), w.status(),
                    w.version(), List.of(w.tags()), w.organizationId(), w.ownerId(), w.isPublic(), w.isTemplate(),
                    w.createdAt(), w.updatedAt());
        }
    }

    /** {@code GET /api/v1/workflows}. */
    public record WorkflowList(long count, int limit, long offset, List<WorkflowSummary> workflows) {
    }

    /** {@code {"workflowId": ...}}, the answer of create and duplicate. */
    public record WorkflowCreated(String workflowId) {
    }

    /** {@code GET /api/v1/workflows/stats}. */
    public record WorkflowStats(long total, long active, long paused, long draft, long archived) {
    }

    /** One share of {@code GET /share}. */
    public record Share(String userId, Instant sharedAt) {
    }

    /** {@code GET /api/v1/workflows/{id}/share}. */
    public record Shares(String workflowId, List<Share> sharedWith) {
    }

    /** {@code POST /api/v1/workflows/{id}/share}. */
    public record Shared(String message, String workflowId, String userId) {
    }

    /** One entry of {@code GET /versions}. */
    public record VersionView(int version, String versionTag, @Nullable String description, @Nullable String createdBy,
                              Instant createdAt) {
    }

    /** {@code GET /api/v1/workflows/{id}/versions}. */
    public record Versions(String workflowId, int currentVersion, List<VersionView> versions) {
    }

    /** {@code POST /api/v1/workflows/{id}/versions}. */
    public record VersionCreated(String workflowId, int version, String versionTag) {
    }
}
