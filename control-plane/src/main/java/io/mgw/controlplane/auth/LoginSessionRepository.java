package io.mgw.controlplane.auth;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Login sessions. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface LoginSessionRepository extends CrudRepository<LoginSession, UUID> {

    Optional<LoginSession> findByTokenHash(String tokenHash);

    @Query("UPDATE login_sessions SET last_seen_at = :at WHERE id = :id")
    void markSeen(UUID id, Instant at);

    @Query("UPDATE login_sessions SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
    void revoke(UUID id, Instant at);

    /** Expired sessions are useless (a logged-out one expires too); the login endpoint prunes them as it goes. */
    @Query("DELETE FROM login_sessions WHERE expires_at < :before")
    void deleteExpiredBefore(Instant before);
}
