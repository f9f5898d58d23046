package io.mgw.controlplane.lifecycle;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.mgw.controlplane.deployment.Deployment;
import io.mgw.controlplane.deployment.DeploymentRepository;
import io.mgw.controlplane.deployment.DeploymentService;
import io.mgw.controlplane.error.ApiException;
import io.mgw.controlplane.workflow.WorkflowDeploymentService;
import io.mgw.controlplane.workflow.WorkflowRepository;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces lifecycle policies on production deployments (see {@link LifecycleDecision}) and removes ephemeral
 * (dev-run) deployments past their TTL, every {@code mgw.lifecycle.interval}. Each deployment is handled in its own
 * transaction that first takes a PostgreSQL advisory lock ({@code pg_try_advisory_xact_lock}) and re-reads the
 * record: with two control planes only one acts on a deployment, and a pass repeated on fresh state decides
 * {@code Keep}, so it is idempotent.
 */
@Singleton
@Requires(property = "mgw.lifecycle.enabled", notEquals = "false")
public class LifecycleReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(LifecycleReconciler.class);
    private static final String PRODUCTION = "production";

    private final LifecycleRepository repository;
    private final DeploymentRepository deploymentRows;
    private final DeploymentService deployments;
    private final WorkflowRepository workflows;
    // A provider: WorkflowDeploymentService sits above the services that call ensureRunning; no cycle at creation.
    private final Provider<WorkflowDeploymentService> workflowDeployments;
    private final TransactionOperations<Connection> transactions;
    private final Clock clock;

    public LifecycleReconciler(LifecycleRepository repository, DeploymentRepository deploymentRows,
                               DeploymentService deployments, WorkflowRepository workflows,
                               Provider<WorkflowDeploymentService> workflowDeployments,
                               TransactionOperations<Connection> transactions, Clock clock) {
        this.repository = repository;
        this.deploymentRows = deploymentRows;
        this.deployments = deployments;
        this.workflows = workflows;
        this.workflowDeployments = workflowDeployments;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The summary of one pass. */
    public record Pass(int stopped, int started, int removed) {
    }

    @Scheduled(fixedDelay = "${mgw.lifecycle.interval:30s}", initialDelay = "${mgw.lifecycle.interval:30s}")
    void scheduledPass() {
        try {
            Pass pass = reconcile();
            if (pass.stopped() + pass.started() + pass.removed() > 0) {
                LOG.info("lifecycle pass: {} stopped, {} started, {} removed", pass.stopped(), pass.started(),
                        pass.removed());
            }
        } catch (RuntimeException e) {
            LOG.warn("lifecycle pass failed: {}", e.toString());
        }
    }

    /** One pass over every governed deployment and every expired ephemeral one. */
    public Pass reconcile() {
        List<String> ids = transactions.executeRead(status -> sql(() -> repository.governedDeploymentIds(
                status.getConnection())));
        int stopped = 0;
        int started = 0;
        for (String id : ids) {
            LifecycleDecision.Action action = reconcileOne(id);
            if (action instanceof LifecycleDecision.Action.Stop) {
                stopped++;
            } else if (action instanceof LifecycleDecision.Action.Start) {
                started++;
            }
        }
        return new Pass(stopped, started, reapEphemeral());
    }

    /** Removes ephemeral deployments past their TTL with no live session; returns how many. */
    public int reapEphemeral() {
        int removed = 0;
        for (Deployment candidate : deploymentRows.expiredEphemeral(clock.instant())) {
            if (reconcileOne(candidate.id()) instanceof LifecycleDecision.Action.Remove) {
                removed++;
            }
        }
        return removed;
    }

    /**
     * Makes sure the workflow's production deployment runs, for a trigger or a session that needs it: records the use
     * (so the idle clock restarts) and starts it when the lifecycle had stopped it and the policy allows a start now
     * (not outside a scheduled window). A deployment a user stopped stays stopped. Returns the deployment, if any.
     */
    public Optional<Deployment> ensureRunning(String workflowId) {
        Optional<Deployment> current = deploymentRows.findCurrent(workflowId, PRODUCTION);
        if (current.isEmpty()) {
            return current;
        }
        String id = current.get().id();
        return transactions.executeWrite(status -> {
            Connection connection = status.getConnection();
            Instant now = clock.instant();
            sql(() -> {
                repository.touch(connection, id, now);
                return null;
            });
            Deployment deployment = deploymentRows.findById(id).orElseThrow();
            if (!DeploymentService.STATUS_STOPPED.equals(deployment.status())
                    || !LifecycleDecision.stoppedByLifecycle(deployment.stoppedReason())
                    || !LifecycleDecision.mayStart(policyOf(deployment), now)
                    || !sql(() -> repository.tryLock(connection, id))) {
                return Optional.of(deployment);
            }
            try {
                return Optional.of(deployments.start(deployment, Math.max(1, deployment.replicas())));
            } catch (ApiException e) {
                LOG.warn("could not start deployment {} on demand: {}", id, e.getMessage());
                return Optional.of(deploymentRows.findById(id).orElse(deployment));
            }
        });
    }

    private LifecycleDecision.Action reconcileOne(String id) {
        try {
            return transactions.executeWrite(status -> {
                Connection connection = status.getConnection();
                if (!sql(() -> repository.tryLock(connection, id))) {
                    return new LifecycleDecision.Action.Keep();
                }
                Optional<Deployment> found = deploymentRows.findById(id);
                if (found.isEmpty()) {
                    return new LifecycleDecision.Action.Keep();
                }
                Deployment deployment = found.get();
                Instant now = clock.instant();
                LifecycleRepository.Activity activity = sql(() -> repository.activity(connection, id));
                LifecycleDecision.Action action = LifecycleDecision.decide(policyOf(deployment),
                        stateOf(deployment, activity), now);
                act(deployment, action, connection, now);
                return action;
            });
        } catch (RuntimeException e) {
            LOG.warn("lifecycle of deployment {} not reconciled: {}", id, e.toString());
            return new LifecycleDecision.Action.Keep();
        }
    }

    private void act(Deployment deployment, LifecycleDecision.Action action, Connection connection, Instant now) {
        try {
            if (action instanceof LifecycleDecision.Action.Stop stop) {
                LOG.info("stopping deployment {}: {}", deployment.id(), stop.reason());
                deployments.stop(deployment, stop.reason());
            } else if (action instanceof LifecycleDecision.Action.Start start) {
                LOG.info("starting deployment {} ({} replicas) by its lifecycle policy", deployment.id(),
                        start.replicas());
                Deployment started = deployments.start(deployment, start.replicas());
                sql(() -> {
                    repository.touch(connection, started.id(), now);
                    return null;
                });
            } else if (action instanceof LifecycleDecision.Action.Remove remove) {
                LOG.info("removing deployment {}: {}", deployment.id(), remove.reason());
                deployments.undeploy(deployment);
            }
        } catch (ApiException e) {
            // DeploymentService recorded the failure on the record; the transaction commits it.
            LOG.warn("lifecycle action on deployment {} failed: {}", deployment.id(), e.getMessage());
        }
    }

    private LifecycleDecision.State stateOf(Deployment deployment, LifecycleRepository.Activity activity) {
        boolean running = !DeploymentService.STATUS_STOPPED.equals(deployment.status()) && deployment.replicas() > 0;
        return new LifecycleDecision.State(running, Math.max(1, deployment.replicas()), deployment.stoppedReason(),
                activity.lastActivity(), activity.busy(), deployment.ephemeral(), deployment.expiresAt(),
                deployment.ttlSeconds() == null ? null : Duration.ofSeconds(deployment.ttlSeconds()));
    }

    private LifecyclePolicy policyOf(Deployment deployment) {
        if (deployment.ephemeral()) {
            return LifecyclePolicy.defaultPolicy();
        }
        return workflows.findById(deployment.workflowId()).map(w -> workflowDeployments.get().policyOf(w))
                .orElse(LifecyclePolicy.defaultPolicy());
    }

    private interface SqlCall<T> {
        T call() throws SQLException;
    }

    private static <T> T sql(SqlCall<T> call) {
        try {
            return call.call();
        } catch (SQLException e) {
            throw new IllegalStateException("lifecycle query failed: " + e.getMessage(), e);
        }
    }
}
