package io.mgw.controlplane.workflow;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

/** Workflow version snapshots. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface WorkflowVersionRepository extends CrudRepository<WorkflowVersion, String> {

    List<WorkflowVersion> findByWorkflowIdOrderByVersion(String workflowId);

    @Query("SELECT coalesce(max(version), 0) FROM workflow_versions WHERE workflow_id = :workflowId")
    int latestVersion(String workflowId);
}
