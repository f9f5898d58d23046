package io.mgw.controlplane.account;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

/** Workspaces. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface WorkspaceRepository extends CrudRepository<Workspace, String> {

    Optional<Workspace> findByOrganizationIdAndIsDefaultTrue(String organizationId);

    List<Workspace> findByOrganizationIdOrderByCreatedAt(String organizationId);
}
