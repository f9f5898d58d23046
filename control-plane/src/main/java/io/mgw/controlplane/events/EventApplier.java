package io.mgw.controlplane.events;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.mgw.adapters.contract.events.MgwEvent;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * The transaction boundary of one event: records its {@code event_id} in {@code processed_events} and, only when
 * that row is new, applies the handler's effect, all in one transaction. So an event delivered twice (re-sent by a
 * producer, or re-delivered after a crash between commit and {@code XACK}) is applied once, and a rolled-back
 * effect leaves no processed row behind.
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

    private static final String RECORD = "INSERT INTO processed_events"
            + " (event_id, event_type, organization_id, session_id, stream_entry_id) VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT (event_id) DO NOTHING";

    private final JdbcOperations jdbc;

    public EventApplier(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the event and applies {@code handler} when the event is new; commits on return. */
    @Transactional
    public Stored apply(MgwEvent event, String streamEntryId, EventHandler<?> handler) {
        if (!record(event, streamEntryId)) {
            return Stored.DUPLICATE;
        }
        handler.applyUnchecked(event);
        return Stored.APPLIED;
    }

    /** One event to store: the event, its stream entry and its type's handler. */
    public record Pending(MgwEvent event, String streamEntryId, EventHandler<?> handler) {
    }

    /**
     * Stores several events in one transaction, each exactly as {@link #apply} would (an event id seen before, or
     * earlier in the list, is a duplicate): one commit for a whole read instead of one per event. Any failure rolls
     * back all of them, so the caller can store them one by one and find the one that fails.
     */
    @Transactional
    public List<Stored> applyAll(List<Pending> events) {
        List<Stored> stored = new ArrayList<>(events.size());
        for (Pending p : events) {
            stored.add(apply(p.event(), p.streamEntryId(), p.handler()));
        }
        return stored;
    }

    /**
     * Records the event without its effect: for an event whose effect keeps failing for a reason retrying cannot
     * fix, so its entry can be acknowledged without ever being applied half-way.
     */
    @Transactional
    public Stored recordOnly(MgwEvent event, String streamEntryId) {
        return record(event, streamEntryId) ? Stored.APPLIED : Stored.DUPLICATE;
    }

    /** True when the row is new; a concurrent insert of the same id waits for the other transaction's outcome. */
    private boolean record(MgwEvent event, String streamEntryId) {
        return jdbc.prepareStatement(RECORD, statement -> {
            statement.setString(1, event.eventId());
            statement.setString(2, event.type());
            statement.setString(3, event.org());
            statement.setString(4, event.sessionId());
            statement.setString(5, streamEntryId);
            return statement.executeUpdate() == 1;
        });
    }
}
