package io.mgw.adapters.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What a runtime is told to host ({@code PUT /internal/deployments/{id}}): the workflow's graph as deployed and the
 * deployment's limits.
 *
 * @param deploymentId   the deployment
 * @param organizationId its tenant, stamped on every event the runtime reports
 * @param workflowId     the workflow
 * @param workflowType   {@code batch} or {@code streaming}
 * @param nodes          the graph's nodes (the workflows API's node objects)
 * @param connections    the graph's connections
 * @param settings       the workflow's settings (timeout, retryOnFailure, maxRetries)
 * @param limits         per-deployment limits
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeploymentSpec(String deploymentId, String organizationId, String workflowId, String workflowType,
                             JsonNode nodes, JsonNode connections, JsonNode settings, Limits limits) {

    /** Limits of a deployment; null means the runtime's default. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Limits(Integer maxConcurrentSessions, Integer idleTimeoutSeconds, Integer maxSessionDurationSeconds) {
    }
}
