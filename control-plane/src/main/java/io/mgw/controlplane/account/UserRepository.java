package io.mgw.controlplane.account;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

/** Users; lookups skip deleted users unless they say otherwise. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface UserRepository extends CrudRepository<User, String> {

    Optional<User> findByIdAndOrganizationIdAndDeletedAtIsNull(String id, String organizationId);

    @Query("SELECT * FROM users WHERE organization_id = :organizationId AND deleted_at IS NULL"
            + " ORDER BY created_at, id LIMIT :limit OFFSET :offset")
    List<User> listActive(String organizationId, int limit, long offset);

    long countByOrganizationIdAndDeletedAtIsNull(String organizationId);

    @Query("SELECT count(*) > 0 FROM users WHERE organization_id = :organizationId AND lower(email) = lower(:email)"
            + " AND deleted_at IS NULL")
    boolean emailTaken(String organizationId, String email);
}
