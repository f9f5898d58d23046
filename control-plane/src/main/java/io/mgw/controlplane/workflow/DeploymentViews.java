package io.mgw.controlplane.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mgw.controlplane.lifecycle.LifecyclePolicy;

/** JSON shapes of deploy, undeploy, stop, start and lifecycle on the workflows API. */
public final class DeploymentViews {

    private DeploymentViews() {
    }

    /** {@code POST /deploy} and {@code /undeploy}. */
    public record Deployed(String message, String workflowId, String status) {
    }

    /** {@code POST /stop} and {@code /start}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Scaled(String workflowId, String deploymentStatus, Integer replicas) {
    }

    /** {@code GET /lifecycle}. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Lifecycle(String workflowId, LifecyclePolicy lifecyclePolicy, String deploymentStatus,
                            String stoppedReason) {
    }

    /** {@code PUT /lifecycle}. */
    public record LifecycleUpdated(String workflowId, LifecyclePolicy lifecyclePolicy) {
    }
}
