package io.mgw.controlplane.session.history;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

/** Metric windows, oldest first. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface MetricWindowRepository extends CrudRepository<MetricWindow, String> {

    @Query("SELECT * FROM streaming_metrics WHERE session_id = :sessionId ORDER BY window_start, id")
    List<MetricWindow> ofSession(String sessionId);
}
