package io.mgw.controlplane.events;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.data.repository.CrudRepository;
import io.mgw.controlplane.session.StreamingSession;
import io.mgw.controlplane.session.StreamingSessionRepository;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What the events stored in one transaction share about their sessions: every session row locked up front in one
 * statement, in id order (so two batches never wait on each other in a cycle), the rows their effects add (transcript
 * lines, metric windows, ...) inserted per table in one batch, and the activity marks ({@code updated_at}) of all of
 * them written in one round trip: a few round trips per read instead of four per event. Confined to the transaction
 * (the consumer's thread) that made it.
 */
public final class SessionBatch {

    private static final String TOUCH = "UPDATE streaming_sessions SET updated_at = GREATEST(updated_at, ?)"
            + " WHERE id = ? AND status NOT IN ('ended', 'failed')";

    private final StreamingSessionRepository sessions;
    private final JdbcOperations jdbc;
    private final Map<String, Optional<StreamingSession>> locked = new HashMap<>();
    private final Map<String, Instant> touches = new LinkedHashMap<>();
    /** Rows to add, per repository, in the order the events came in. */
    private final Map<CrudRepository<?, ?>, List<Object>> inserts = new IdentityHashMap<>();

    SessionBatch(StreamingSessionRepository sessions, JdbcOperations jdbc) {
        this.sessions = sessions;
        this.jdbc = jdbc;
    }

    /** Locks the rows of {@code ids} not locked yet, in one statement; an id with no row is remembered as absent. */
    void lock(Collection<String> ids) {
        TreeSet<String> wanted = new TreeSet<>();
        for (String id : ids) {
            if (id != null && !locked.containsKey(id)) {
                wanted.add(id);
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        wanted.forEach(id -> locked.put(id, Optional.empty()));
        for (StreamingSession session : sessions.lockAll(List.copyOf(wanted))) {
            locked.put(session.id(), Optional.of(session));
        }
    }

    /** The session's row, locked in this transaction (locking it now when the batch did not); empty for no id. */
    Optional<StreamingSession> locked(String id) {
        if (id == null) {
            return Optional.empty();
        }
        if (!locked.containsKey(id)) {
            lock(List.of(id));
        }
        return locked.get(id);
    }

    /** The row was rewritten (a state change): read it again when another event of the batch needs it. */
    void changed(String id) {
        locked.remove(id);
    }

    /** Adds {@code row} with the other rows of its table in this batch, written by {@link #flush}. */
    <T> void insert(CrudRepository<T, ?> repository, T row) {
        inserts.computeIfAbsent(repository, r -> new ArrayList<>()).add(row);
    }

    /**
     * Marks activity on a live session at {@code at} (its idle timeout counts from {@code updated_at}), written by
     * {@link #flush}: the mark never moves back, and ended and failed sessions are left alone.
     */
    void touch(String id, Instant at) {
        touches.merge(id, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    /**
     * Writes the rows and marks gathered so far: one batch per table, one for the marks. Called before an effect
     * that rewrites a session row and at the end of the batch, so everything lands in the order the events came in.
     */
    void flush() {
        inserts.forEach(SessionBatch::insertAll);
        inserts.clear();
        if (touches.isEmpty()) {
            return;
        }
        jdbc.prepareStatement(TOUCH, statement -> {
            for (Map.Entry<String, Instant> touch : touches.entrySet()) {
                statement.setObject(1, touch.getValue().atOffset(ZoneOffset.UTC));
                statement.setString(2, touch.getKey());
                statement.addBatch();
            }
            return statement.executeBatch();
        });
        touches.clear();
    }

    @SuppressWarnings("unchecked")
    private static <T> void insertAll(CrudRepository<?, ?> repository, List<Object> rows) {
        ((CrudRepository<T, ?>) repository).saveAll((List<T>) rows);
    }
}
