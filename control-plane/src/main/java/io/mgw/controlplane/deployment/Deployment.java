package io.mgw.controlplane.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import java.time.Instant;

/** A deployment of a workflow: what the driver was asked to run, and how that is going. */
@MappedEntity("deployments")
public record Deployment(
        @Id String id,
        String organizationId,
        String workflowId,
        @Nullable Integer workflowVersion,
        @Nullable @TypeDef(type = DataType.JSON) JsonNode definition,
        String environment,
        String driver,
        @Nullable String namespace,
        String status,
        @Nullable String statusReason,
        @Nullable String stoppedReason,
        int replicas,
        int readyReplicas,
        @Nullable String cpu,
        @Nullable String memory,
        @Nullable String disk,
        int gpu,
        @Nullable String gpuType,
        @Nullable Integer idleTimeoutSeconds,
        @Nullable Integer maxSessionDurationSeconds,
        @Nullable Integer maxConcurrentSessions,
        boolean ephemeral,
        @Nullable Integer ttlSeconds,
        @Nullable Instant expiresAt,
        @Nullable Instant lastActivityAt,
        Instant createdAt,
        Instant updatedAt) {

    /** The same deployment in another state. */
    public Deployment withStatus(String newStatus, @Nullable String reason, @Nullable String newStoppedReason,
                                 int newReplicas, int newReadyReplicas, Instant now) {
        return new Deployment(id, organizationId, workflowId, workflowVersion, definition, environment, driver,
                namespace, newStatus, reason, newStoppedReason, newReplicas, newReadyReplicas, cpu, memory, disk, gpu,
                gpuType, idleTimeoutSeconds, maxSessionDurationSeconds, maxConcurrentSessions, ephemeral, ttlSeconds,
                expiresAt, lastActivityAt, createdAt, now);
    }

    /** The same deployment with a new definition to run (a redeploy). */
    public Deployment withDefinition(JsonNode newDefinition, @Nullable Integer version, Instant now) {
        return new Deployment(id, organizationId, workflowId, version, newDefinition, environment, driver, namespace,
                status, statusReason, stoppedReason, replicas, readyReplicas, cpu, memory, disk, gpu, gpuType,
                idleTimeoutSeconds, maxSessionDurationSeconds, maxConcurrentSessions, ephemeral, ttlSeconds, expiresAt,
                lastActivityAt, createdAt, now);
    }
}
