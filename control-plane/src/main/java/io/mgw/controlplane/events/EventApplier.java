package io.mgw.controlplane.events;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.mgw.adapters.contract.events.MgwEvent;
import io.mgw.controlplane.session.StreamingSessionRepository;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The transaction boundary of events: records each {@code event_id} in {@code processed_events} and, only when that
 * row is new, applies the handler's effect, all in one transaction. So an event delivered twice (re-sent by a
 * producer, or re-delivered after a crash between commit and {@code XACK}) is applied once, and a rolled-back
 * effect leaves no processed row behind. The events of one read share the transaction and its round trips: one
 * statement records them all, one locks their sessions ({@link SessionBatch}), one batch per table inserts the rows
 * their effects add, one writes their activity marks.
 */
@Singleton
public class EventApplier {

    /** What storing an event did. */
    public enum Stored {
        /** First time this event id was seen: recorded, effect applied. */
        APPLIED,
        /** The event id was already recorded: nothing done. */
        DUPLICATE
    }

    /** One multi-row insert; RETURNING names the rows that are new (a conflicting id returns nothing). */
    private static final String RECORD = "INSERT INTO processed_events"
            + " (event_id, event_type, organization_id, session_id, stream_entry_id)"
            + " SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])"
            + " ON CONFLICT (event_id) DO NOTHING RETURNING event_id";

    private final JdbcOperations jdbc;
    private final StreamingSessionRepository sessions;

    public EventApplier(JdbcOperations jdbc, StreamingSessionRepository sessions) {
        this.jdbc = jdbc;
        this.sessions = sessions;
    }

    /** Records the event and applies {@code handler} when the event is new; commits on return. */
    @Transactional
    public Stored apply(MgwEvent event, String streamEntryId, EventHandler<?> handler) {
        return applyAll(List.of(new Pending(event, streamEntryId, handler))).get(0);
    }

    /** One event to store: the event, its stream entry and its type's handler. */
    public record Pending(MgwEvent event, String streamEntryId, EventHandler<?> handler) {
    }

    /**
     * Stores several events in one transaction, each exactly as {@link #apply} would and in their order (an event id
     * seen before, or earlier in the list, is a duplicate): one commit and a few round trips for a whole read instead
     * of a commit and four statements per event. Any failure rolls back all of them, so the caller can store them one
     * by one and find the one that fails.
     */
    @Transactional
    public List<Stored> applyAll(List<Pending> events) {
        Map<String, Integer> firsts = new HashMap<>();
        List<Pending> distinct = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (firsts.putIfAbsent(events.get(i).event().eventId(), i) == null) {
                distinct.add(events.get(i));
            }
        }
        Set<String> recorded = record(distinct);
        List<Stored> stored = new ArrayList<>(events.size());
        List<Pending> toApply = new ArrayList<>();
        Set<String> sessionIds = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            Pending p = events.get(i);
            String id = p.event().eventId();
            boolean fresh = firsts.get(id) == i && recorded.contains(id);
            stored.add(fresh ? Stored.APPLIED : Stored.DUPLICATE);
            if (fresh) {
                toApply.add(p);
                if (p.handler().locksSession()) {
                    sessionIds.add(p.event().sessionId());
                }
            }
        }
        SessionBatch batch = new SessionBatch(sessions, jdbc);
        batch.lock(sessionIds);
        for (Pending p : toApply) {
            p.handler().applyUnchecked(p.event(), batch);
        }
        batch.flush();
        return stored;
    }

    /**
     * Records the event without its effect: for an event whose effect keeps failing for a reason retrying cannot
     * fix, so its entry can be acknowledged without ever being applied half-way.
     */
    @Transactional
    public Stored recordOnly(MgwEvent event, String streamEntryId) {
        Pending only = new Pending(event, streamEntryId, null);
        return record(List.of(only)).isEmpty() ? Stored.DUPLICATE : Stored.APPLIED;
    }

    /**
     * Inserts the rows of {@code events} (distinct ids) and returns the ids that were new; an id recorded by a
     * concurrent transaction waits for that transaction's outcome.
     */
    private Set<String> record(Collection<Pending> events) {
        int n = events.size();
        String[][] columns = new String[5][n];
        int i = 0;
        for (Pending p : events) {
            MgwEvent e = p.event();
            columns[0][i] = e.eventId();
            columns[1][i] = e.type();
            columns[2][i] = e.org();
            columns[3][i] = e.sessionId();
            columns[4][i] = p.streamEntryId();
            i++;
        }
        return jdbc.prepareStatement(RECORD, statement -> {
            Connection connection = statement.getConnection();
            for (int c = 0; c < columns.length; c++) {
                statement.setArray(c + 1, connection.createArrayOf("text", columns[c]));
            }
            Set<String> fresh = new HashSet<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    fresh.add(rows.getString(1));
                }
            }
            return fresh;
        });
    }
}
