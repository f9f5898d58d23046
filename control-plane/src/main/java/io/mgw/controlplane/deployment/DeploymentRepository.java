package io.mgw.controlplane.deployment;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

/** Deployments. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface DeploymentRepository extends CrudRepository<Deployment, String> {

    /** The workflow's live deployment in an environment: the newest one not undeployed. */
    @Query("SELECT * FROM deployments WHERE workflow_id = :workflowId AND environment = :environment"
            + " AND status NOT IN ('undeployed', 'undeploying') ORDER BY created_at DESC, id DESC LIMIT 1")
    Optional<Deployment> findCurrent(String workflowId, String environment);

    /** Ephemeral deployments past their TTL, counted from creation and from their last session's end, and idle now. */
    @Query("SELECT * FROM deployments d WHERE d.ephemeral AND d.status NOT IN ('undeployed', 'undeploying')"
            + " AND d.expires_at < :now"
            + " AND NOT EXISTS (SELECT 1 FROM streaming_sessions s WHERE s.deployment_id = d.id"
            + "   AND s.status NOT IN ('ended', 'failed'))"
            + " AND coalesce((SELECT max(s.ended_at) FROM streaming_sessions s WHERE s.deployment_id = d.id),"
            + "   '-infinity'::timestamptz) + make_interval(secs => coalesce(d.ttl_seconds, 0)) < :now"
            + " ORDER BY d.expires_at LIMIT 50")
    List<Deployment> expiredEphemeral(java.time.Instant now);

    @Query("SELECT * FROM deployments WHERE workflow_id = :workflowId ORDER BY created_at DESC, id DESC")
    List<Deployment> listNewestFirst(String workflowId);
}
