package io.mgw.runtime.internal;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The answer to {@code PUT /internal/deployments/{id}}: {@code {"deployment_id":"...","status":"ready"}}, named
 * like {@link io.mgw.adapters.contract.DeploymentSpec}'s fields.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeploymentStatus(String deploymentId, String status) {

    /** Hosted and registered: gateways find this pod for the deployment. */
    public static final String READY = "ready";

    static DeploymentStatus ready(String deploymentId) {
        return new DeploymentStatus(deploymentId, READY);
    }
}
