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

    @Query("SELECT * FROM deployments WHERE workflow_id = :workflowId ORDER BY created_at DESC, id DESC")
    List<Deployment> listNewestFirst(String workflowId);
}
