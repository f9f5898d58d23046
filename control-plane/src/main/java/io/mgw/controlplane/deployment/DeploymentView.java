package io.mgw.controlplane.deployment;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/** The deployment record as the streaming API shows it: {@code _id} and snake_case fields. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeploymentView(
        @JsonProperty("_id") String id,
        String workflowId,
        String status,
        @Nullable String statusReason,
        @Nullable String stoppedReason,
        String environment,
        String driver,
        int replicas,
        int readyReplicas,
        @Nullable String cpu,
        @Nullable String memory,
        @Nullable String disk,
        int gpu,
        @Nullable String gpuType,
        @Nullable Integer maxConcurrentSessions,
        @Nullable Integer idleTimeoutSeconds,
        @Nullable Integer maxSessionDurationSeconds,
        boolean ephemeral,
        @Nullable Instant expiresAt,
        Instant createdAt,
        Instant updatedAt) {

    public static DeploymentView of(Deployment d) {
        return new DeploymentView(d.id(), d.workflowId(), d.status(), d.statusReason(), d.stoppedReason(),
                d.environment(), d.driver(), d.replicas(), d.readyReplicas(), d.cpu(), d.memory(), d.disk(), d.gpu(),
                d.gpuType(), d.maxConcurrentSessions(), d.idleTimeoutSeconds(), d.maxSessionDurationSeconds(),
                d.ephemeral(), d.expiresAt(), d.createdAt(), d.updatedAt());
    }
}
