package io.mgw.controlplane.session;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Streaming sessions. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface StreamingSessionRepository extends CrudRepository<StreamingSession, String> {

    Optional<StreamingSession> findByIdAndOrganizationId(String id, String organizationId);

    /** Locks the row for a state change, so two writers (events, API, reaper) can't interleave. */
    @Query("SELECT * FROM streaming_sessions WHERE id = :id FOR UPDATE")
    Optional<StreamingSession> lockById(String id);

    /** Locks the rows of {@code ids} in id order (one statement for a batch of events; ids without a row are left out). */
    @Query("SELECT * FROM streaming_sessions WHERE id IN (:ids) ORDER BY id FOR UPDATE")
    List<StreamingSession> lockAll(List<String> ids);

    @Query("SELECT s.* FROM streaming_sessions s JOIN deployments d ON d.id = s.deployment_id"
            + " WHERE s.status NOT IN ('ended', 'failed') AND ("
            + " (d.max_session_duration_seconds IS NOT NULL"
            + "  AND s.started_at + make_interval(secs => d.max_session_duration_seconds) <= :now)"
            + " OR (d.idle_timeout_seconds IS NOT NULL"
            + "  AND s.updated_at + make_interval(secs => d.idle_timeout_seconds) <= :now))"
            + " ORDER BY s.started_at LIMIT 200")
    List<StreamingSession> overdue(Instant now);

    @Query("SELECT count(*) FROM streaming_sessions WHERE deployment_id = :deploymentId"
            + " AND status NOT IN ('ended', 'failed')")
    long countLive(String deploymentId);
}
