package io.mgw.controlplane.session.history;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

/** Handoffs, oldest first. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface HandoffRepository extends CrudRepository<Handoff, String> {

    @Query("SELECT * FROM streaming_handoffs WHERE session_id = :sessionId ORDER BY started_at, id")
    List<Handoff> ofSession(String sessionId);
}
