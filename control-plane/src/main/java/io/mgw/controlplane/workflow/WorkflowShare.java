package io.mgw.controlplane.workflow;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A workflow shared with one user of its organization. The table's key is (workflow, user); only the explicit
 * queries of {@link WorkflowShareRepository} touch it, so the workflow id serves as the mapped id.
 */
@MappedEntity("workflow_shares")
public record WorkflowShare(@Id String workflowId, String userId, @Nullable String sharedBy, Instant sharedAt) {
}
