package io.mgw.controlplane.lifecycle;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The reconciler's SQL, on the connection of the caller's transaction: which deployments to look at, how recently
 * they were used, and the per-deployment advisory lock that lets only one control plane act on a deployment at once.
 */
@Singleton
public class LifecycleRepository {

    /** First key of the two-int advisory lock: "mglc", so our locks never collide with anyone else's. */
    private static final int LOCK_CLASS = 0x6d676c63;

    /** What the database knows about a deployment's use. */
    public record Activity(Instant lastActivity, boolean busy) {
    }

    /** Production deployments the policies govern: not ephemeral, deployed, not failed. */
    public List<String> governedDeploymentIds(Connection connection) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM deployments"
                + " WHERE environment = 'production' AND NOT ephemeral AND status IN ('pending', 'ready', 'stopped')"
                + " ORDER BY id");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    /**
     * Takes the deployment's advisory lock for the rest of the transaction, without waiting; false when another
     * control plane holds it (it is acting on the deployment right now, so this one skips it).
     */
    public boolean tryLock(Connection connection, String deploymentId) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?, hashtext(?))")) {
            lock.setInt(1, LOCK_CLASS);
            lock.setString(2, deploymentId);
            try (ResultSet row = lock.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }

    /**
     * The newest of: the record's last activity, creation and last update (a user's start counts), its sessions'
     * last updates and its executions' starts; and whether a session or execution is live now.
     */
    public Activity activity(Connection connection, String deploymentId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT greatest(d.last_activity_at, d.created_at,"
                + " d.updated_at,"
                + " (SELECT max(s.updated_at) FROM streaming_sessions s WHERE s.deployment_id = d.id),"
                + " (SELECT max(e.started_at) FROM executions e WHERE e.deployment_id = d.id)),"
                + " EXISTS (SELECT 1 FROM streaming_sessions s WHERE s.deployment_id = d.id"
                + "   AND s.status NOT IN ('ended', 'failed'))"
                + " OR EXISTS (SELECT 1 FROM executions e WHERE e.deployment_id = d.id"
                + "   AND e.status IN ('queued', 'running'))"
                + " FROM deployments d WHERE d.id = ?")) {
            select.setString(1, deploymentId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return new Activity(Instant.EPOCH, false);
                }
                Timestamp last = row.getTimestamp(1);
                return new Activity(last == null ? Instant.EPOCH : last.toInstant(), row.getBoolean(2));
            }
        }
    }

    /** Records use now (a trigger or a session asked for the deployment), so the idle clock restarts. */
    public void touch(Connection connection, String deploymentId, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE deployments"
                + " SET last_activity_at = greatest(coalesce(last_activity_at, ?), ?) WHERE id = ?")) {
            update.setTimestamp(1, Timestamp.from(now));
            update.setTimestamp(2, Timestamp.from(now));
            update.setString(3, deploymentId);
            update.executeUpdate();
        }
    }
}
