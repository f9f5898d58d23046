package io.mgw.controlplane.account;

import io.micronaut.data.annotation.Query;
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

    Optional<Workspace> findByIdAndOrganizationId(String id, String organizationId);

    long countByOrganizationId(String organizationId);

    @Query("SELECT count(*) > 0 FROM workspaces WHERE organization_id = :organizationId AND lower(name) = lower(:name)")
    boolean nameTaken(String organizationId, String name);

    /** The default workspace first, then by creation. */
    @Query("SELECT * FROM workspaces WHERE organization_id = :organizationId"
            + " ORDER BY is_default DESC, created_at, id LIMIT :limit OFFSET :offset")
    List<Workspace> list(String organizationId, int limit, long offset);
}
