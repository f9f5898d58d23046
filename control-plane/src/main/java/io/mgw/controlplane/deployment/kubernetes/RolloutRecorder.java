package io.mgw.controlplane.deployment.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.mgw.controlplane.config.KubernetesConfig;
import io.mgw.controlplane.deployment.DeploymentDriver.DriverStatus;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import io.micronaut.transaction.TransactionOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps deployment records in step with their rollouts: starts the {@link RolloutWatcher} with the application and
 * writes each status it reports (and a streaming workflow's {@code deploying}/{@code deployed}/{@code failed} with
 * its production deployment's). One conditional UPDATE per change, so two control planes writing the same status
 * is harmless, and a stopped or undeployed record is never moved by a late event.
 */
@Singleton
@Requires(property = "mgw.deploy-driver", value = "kubernetes")
public class RolloutRecorder implements RolloutWatcher.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutRecorder.class);
    private static final String UPDATE = "UPDATE deployments SET status = ?, status_reason = ?, ready_replicas = ?,"
            + " namespace = coalesce(namespace, ?), updated_at = ? WHERE id = ? AND driver = 'kubernetes'"
            + " AND status IN ('pending', 'ready', 'failed')"
            + " AND (status, coalesce(status_reason, ''), ready_replicas) IS DISTINCT FROM (?, coalesce(?, ''), ?)";
    /** A streaming workflow shows its production rollout's state (the API's deploying, deployed, failed). */
    private static final String WORKFLOW_STATE = "UPDATE workflows w SET deployment_status = ?, updated_at = ?"
            + " FROM deployments d WHERE d.id = ? AND d.workflow_id = w.id AND d.environment = 'production'"
            + " AND w.workflow_type = 'streaming' AND w.deployment_status IN ('deploying', 'deployed', 'failed')"
            + " AND w.deployment_status <> ?";

    private final TransactionOperations<Connection> transactions;
    private final KubernetesConfig config;
    private final Clock clock;
    private final RolloutWatcher watcher;

    public RolloutRecorder(KubernetesClient client, KubernetesConfig config, TransactionOperations<Connection> transactions,
                           Clock clock) {
        this.transactions = transactions;
        this.config = config;
        this.clock = clock;
        this.watcher = new RolloutWatcher(client, config.namespace(), config.informerResyncSeconds() * 1000L, this);
    }

    @EventListener
    void onStartup(StartupEvent event) {
        try {
            watcher.start();
        } catch (RuntimeException e) {
            // The API server may be down at boot; deploy calls report that clearly, and a restart retries.
            LOG.warn("rollout informers not started (namespace {}): {}", config.namespace(), e.toString());
        }
    }

    @Override
    public void onStatus(String deploymentId, DriverStatus status) {
        if (!status.status().equals("pending") && !status.status().equals("ready")
                && !status.status().equals("failed")) {
            return;
        }
        int updated = transactions.executeWrite(tx -> {
            try (PreparedStatement update = tx.getConnection().prepareStatement(UPDATE)) {
                update.setString(1, status.status());
                update.setString(2, status.reason());
                update.setInt(3, status.readyReplicas());
                update.setString(4, config.namespace());
                update.setTimestamp(5, Timestamp.from(clock.instant()));
                update.setString(6, deploymentId);
                update.setString(7, status.status());
                update.setString(8, status.reason());
                update.setInt(9, status.readyReplicas());
                int changed = update.executeUpdate();
                if (changed > 0) {
                    workflowState(tx.getConnection(), deploymentId, status.status());
                }
                return changed;
            } catch (SQLException e) {
                LOG.warn("rollout status of deployment {} not stored: {}", deploymentId, e.toString());
                return 0;
            }
        });
        if (updated > 0) {
            LOG.info("deployment {} is {}{}", deploymentId, status.status(),
                    status.reason() == null ? "" : " (" + status.reason() + ")");
        }
    }

    private void workflowState(Connection connection, String deploymentId, String rolloutStatus) throws SQLException {
        String state = switch (rolloutStatus) {
            case "ready" -> "deployed";
            case "failed" -> "failed";
            default -> "deploying";
        };
        try (PreparedStatement update = connection.prepareStatement(WORKFLOW_STATE)) {
            update.setString(1, state);
            update.setTimestamp(2, Timestamp.from(clock.instant()));
            update.setString(3, deploymentId);
            update.setString(4, state);
            update.executeUpdate();
        }
    }

    @PreDestroy
    void close() {
        watcher.close();
    }
}
