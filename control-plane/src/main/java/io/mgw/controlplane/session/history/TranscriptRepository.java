package io.mgw.controlplane.session.history;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

/** Transcript lines, oldest first. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface TranscriptRepository extends CrudRepository<TranscriptLine, String> {

    @Query("SELECT * FROM streaming_transcripts WHERE session_id = :sessionId ORDER BY emitted_at, created_at, id"
            + " LIMIT :limit OFFSET :offset")
    List<TranscriptLine> page(String sessionId, int limit, long offset);

    long countBySessionId(String sessionId);
}
