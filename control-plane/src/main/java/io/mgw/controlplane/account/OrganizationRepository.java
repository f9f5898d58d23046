package io.mgw.controlplane.account;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

/** Organizations. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface OrganizationRepository extends CrudRepository<Organization, String> {

    Optional<Organization> findBySlug(String slug);

    List<Organization> findAllOrderByCreatedAt();

    /** Adds seconds of session time used; atomic, so concurrent session ends don't lose any. */
    @Query("UPDATE organizations SET session_seconds_used = session_seconds_used + :seconds, updated_at = now()"
            + " WHERE id = :id")
    void addUsage(String id, long seconds);
}
