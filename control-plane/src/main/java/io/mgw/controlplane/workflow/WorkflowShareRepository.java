package io.mgw.controlplane.workflow;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;

/** Workflow shares, keyed by (workflow, user). */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface WorkflowShareRepository extends GenericRepository<WorkflowShare, String> {

    @Query("SELECT * FROM workflow_shares WHERE workflow_id = :workflowId ORDER BY shared_at, user_id")
    List<WorkflowShare> listOf(String workflowId);

    @Query("SELECT user_id FROM workflow_shares WHERE workflow_id = :workflowId ORDER BY shared_at, user_id")
    List<String> userIdsOf(String workflowId);

    @Query("SELECT count(*) > 0 FROM workflow_shares WHERE workflow_id = :workflowId AND user_id = :userId")
    boolean isShared(String workflowId, String userId);

    @Query("INSERT INTO workflow_shares (workflow_id, user_id, shared_by, shared_at) VALUES (:workflowId, :userId,"
            + " :sharedBy, :sharedAt) ON CONFLICT (workflow_id, user_id) DO NOTHING")
    void share(String workflowId, String userId, String sharedBy, Instant sharedAt);

    @Query("DELETE FROM workflow_shares WHERE workflow_id = :workflowId AND user_id = :userId")
    int unshare(String workflowId, String userId);
}
