package io.mgw.controlplane.events;

import io.mgw.adapters.contract.events.MgwEvent;

/**
 * The effect of one event type, applied inside the event's database transaction, after its {@code event_id} was
 * recorded as new (so it runs at most once per event id, unless the transaction rolls back). Implement as a
 * {@code @Singleton}: {@link EventHandlers} picks up every bean, one per {@link #type()}. Throwing rolls the
 * transaction back and leaves the stream entry pending for a retry.
 *
 * @param <E> the event record
 */
public interface EventHandler<E extends MgwEvent> {

    /** The wire type handled, e.g. {@code TranscriptEvent.TYPE}. */
    String type();

    /** The record class of {@link #type()}. */
    Class<E> eventClass();

    /**
     * Applies the event; runs in the caller's transaction, beside the other events of the same read, whose sessions
     * {@code batch} holds locked.
     */
    void apply(E event, SessionBatch batch);

    /**
     * Whether the effect locks the event's {@code session_id} row, so a batch locks them all at once first. Session
     * handlers do; the default does not.
     */
    default boolean locksSession() {
        return false;
    }

    /** Applies an event already known to be of {@link #type()}. */
    default void applyUnchecked(MgwEvent event, SessionBatch batch) {
        apply(eventClass().cast(event), batch);
    }
}
