package io.mgw.controlplane.deployment;

/**
 * Runs deployments somewhere: the local runtime process, or Kubernetes. Calls are blocking and made off the
 * event loop; a failure is a {@link DeploymentDriverException} with a message fit for the API's caller.
 */
public interface DeploymentDriver {

    /** The driver's name as stored on deployments: {@code local} or {@code kubernetes}. */
    String name();

    /** Creates or updates what runs {@code deployment} (its definition and limits), with its replicas. */
    DriverStatus apply(Deployment deployment);

    /** Scales to {@code replicas}: 0 stops and keeps everything, more starts again. */
    DriverStatus scale(Deployment deployment, int replicas);

    /** Removes what {@link #apply} created, and nothing else. Removing something already gone is not an error. */
    void remove(Deployment deployment);

    /**
     * What the driver saw after a call.
     *
     * @param status        pending, ready, stopped or failed
     * @param reason        why, for failed (or null)
     * @param readyReplicas replicas serving now
     */
    record DriverStatus(String status, String reason, int readyReplicas) {
    }
}
