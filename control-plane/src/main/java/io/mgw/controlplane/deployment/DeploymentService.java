package io.mgw.controlplane.deployment;

import io.micronaut.http.HttpStatus;
import io.mgw.adapters.contract.Ids;
import io.mgw.controlplane.deployment.DeploymentDriver.DriverStatus;
import io.mgw.controlplane.error.ApiException;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, scales and removes deployments through the configured {@link DeploymentDriver}, keeping the deployment
 * record in step with what the driver reports. Driver failures are recorded on the record and surface as clear
 * API errors (400 when the request was refused, 503 when the backend failed), never as a 500.
 */
@Singleton
public class DeploymentService {

    public static final String STATUS_PENDING = "pending";
    public static final String STATUS_READY = "ready";
    public static final String STATUS_FAILED = "failed";
    public static final String STATUS_STOPPED = "stopped";
    public static final String STATUS_UNDEPLOYED = "undeployed";
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentService.class);

    private final DeploymentRepository deployments;
    private final DeploymentDriver driver;
    private final Clock clock;

    public DeploymentService(DeploymentRepository deployments, DeploymentDriver driver, Clock clock) {
        this.deployments = deployments;
        this.driver = driver;
        this.clock = clock;
    }

    public Optional<Deployment> current(String workflowId, String environment) {
        return deployments.findCurrent(workflowId, environment);
    }

    /** Deploys the request's definition: a new deployment, or the environment's current one updated in place. */
    public Deployment deploy(DeploymentRequest request) {
        Instant now = clock.instant();
        DeploymentRequest.Resources r = request.resources();
        Deployment deployment = deployments.findCurrent(request.workflowId(), request.environment())
                .filter(existing -> !existing.ephemeral() || request.ephemeral())
                .map(existing -> deployments.update(new Deployment(existing.id(), existing.organizationId(),
                        existing.workflowId(), request.workflowVersion(), request.definition(), existing.environment(),
                        driver.name(), existing.namespace(), STATUS_PENDING, null, null, r.replicas(),
                        existing.readyReplicas(), r.cpu(), r.memory(), r.disk(), r.gpu(), r.gpuType(),
                        r.idleTimeoutSeconds(), r.maxSessionDurationSeconds(), r.maxConcurrentSessions(),
                        request.ephemeral(), request.ttlSeconds(), expiry(request, now), now, existing.createdAt(), now)))
                .orElseGet(() -> deployments.save(new Deployment(Ids.newId("dep"), request.organizationId(),
                        request.workflowId(), request.workflowVersion(), request.definition(), request.environment(),
                        driver.name(), null, STATUS_PENDING, null, null, r.replicas(), 0, r.cpu(), r.memory(),
                        r.disk(), r.gpu(), r.gpuType(), r.idleTimeoutSeconds(), r.maxSessionDurationSeconds(),
                        r.maxConcurrentSessions(), request.ephemeral(), request.ttlSeconds(), expiry(request, now),
                        now, now, now)));
        return record(deployment, () -> driver.apply(deployment), deployment.replicas(), null, "deploy");
    }

    /** Scales to zero and keeps everything, so {@link #start} is fast. */
    public Deployment stop(Deployment deployment, String reason) {
        return record(deployment, () -> driver.scale(deployment, 0), 0, reason, "stop");
    }

    /** Scales back up to {@code replicas}. */
    public Deployment start(Deployment deployment, int replicas) {
        Deployment scaled = deployments.update(deployment.withStatus(STATUS_PENDING, null, null, replicas,
                deployment.readyReplicas(), clock.instant()));
        return record(scaled, () -> driver.scale(scaled, replicas), replicas, null, "start");
    }

    /** Removes what the driver created and marks the record undeployed. */
    public Deployment undeploy(Deployment deployment) {
        try {
            driver.remove(deployment);
        } catch (DeploymentDriverException e) {
            throw failure(deployment, e, "undeploy");
        }
        return deployments.update(deployment.withStatus(STATUS_UNDEPLOYED, null, null, 0, 0, clock.instant()));
    }

    private Deployment record(Deployment deployment, java.util.function.Supplier<DriverStatus> call, int replicas,
                              String stoppedReason, String action) {
        DriverStatus status;
        try {
            status = call.get();
        } catch (DeploymentDriverException e) {
            throw failure(deployment, e, action);
        }
        String reason = status.status().equals(STATUS_STOPPED) ? stoppedReason : null;
        return deployments.update(deployment.withStatus(status.status(), status.reason(), reason, replicas,
                status.readyReplicas(), clock.instant()));
    }

    private ApiException failure(Deployment deployment, DeploymentDriverException e, String action) {
        LOG.warn("{} of deployment {} failed: {}", action, deployment.id(), e.getMessage());
        deployments.update(deployment.withStatus(STATUS_FAILED, e.getMessage(), null, deployment.replicas(), 0,
                clock.instant()));
        return e.callerError()
                ? new ApiException(HttpStatus.BAD_REQUEST, "deployment_rejected", e.getMessage())
                : new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "deployment_backend_unavailable", e.getMessage());
    }

    private static Instant expiry(DeploymentRequest request, Instant now) {
        return request.ephemeral() && request.ttlSeconds() != null ? now.plusSeconds(request.ttlSeconds()) : null;
    }
}
