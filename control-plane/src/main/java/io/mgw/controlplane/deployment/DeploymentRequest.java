package io.mgw.controlplane.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;

/**
 * What to deploy: a workflow's graph as of now, where, and with which resources.
 *
 * @param definition  {@code {workflowType, nodes, connections, settings}}, snapshotted on the deployment
 * @param environment development, test or production
 * @param ttlSeconds  for ephemeral deployments, how long they may idle before the reaper removes them
 */
public record DeploymentRequest(String organizationId, String workflowId, int workflowVersion, JsonNode definition,
                                String environment, Resources resources, boolean ephemeral,
                                @Nullable Integer ttlSeconds) {

    /** Resources and limits of a deployment; null fields take the driver's defaults. */
    public record Resources(@Nullable String cpu, @Nullable String memory, @Nullable String disk, int gpu,
                            @Nullable String gpuType, @Nullable Integer idleTimeoutSeconds,
                            @Nullable Integer maxSessionDurationSeconds, @Nullable Integer maxConcurrentSessions,
                            int replicas) {

        public static Resources defaults() {
            return new Resources(null, null, null, 0, null, null, null, null, 1);
        }
    }
}
