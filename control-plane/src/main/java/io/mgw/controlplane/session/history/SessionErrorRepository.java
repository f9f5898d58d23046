package io.mgw.controlplane.session.history;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

/** Session errors, oldest first. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface SessionErrorRepository extends CrudRepository<SessionError, String> {

    @Query("SELECT * FROM streaming_errors WHERE session_id = :sessionId ORDER BY occurred_at, id")
    List<SessionError> ofSession(String sessionId);
}
