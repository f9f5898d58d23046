package io.mgw.controlplane.workflow;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.Optional;

/** Workflows; list queries with their filters live in {@link WorkflowQueries}. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface WorkflowRepository extends CrudRepository<Workflow, String> {

    Optional<Workflow> findByIdAndOrganizationId(String id, String organizationId);
}
