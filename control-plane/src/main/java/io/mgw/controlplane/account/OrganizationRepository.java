package io.mgw.controlplane.account;

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
}
