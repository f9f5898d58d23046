package io.mgw.controlplane.account;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** API keys. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ApiKeyRepository extends CrudRepository<ApiKey, String> {

    Optional<ApiKey> findByKeyHash(String keyHash);

    Optional<ApiKey> findByIdAndOrganizationId(String id, String organizationId);

    @Query("SELECT * FROM api_keys WHERE organization_id = :organizationId"
            + " AND (CAST(:userId AS text) IS NULL OR user_id = :userId)"
            + " ORDER BY created_at, id LIMIT :limit OFFSET :offset")
    List<ApiKey> list(String organizationId, @io.micronaut.core.annotation.Nullable String userId, int limit, long offset);

    @Query("SELECT count(*) FROM api_keys WHERE organization_id = :organizationId"
            + " AND (CAST(:userId AS text) IS NULL OR user_id = :userId)")
    long count(String organizationId, @io.micronaut.core.annotation.Nullable String userId);

    @Query("UPDATE api_keys SET last_used_at = :at WHERE id = :id")
    void markUsed(String id, Instant at);

    @Query("UPDATE api_keys SET revoked = TRUE, revoked_at = :at WHERE id = :id AND NOT revoked")
    void revoke(String id, Instant at);

    @Query("UPDATE api_keys SET revoked = TRUE, revoked_at = :at WHERE user_id = :userId AND NOT revoked")
    void revokeAllOfUser(String userId, Instant at);
}
