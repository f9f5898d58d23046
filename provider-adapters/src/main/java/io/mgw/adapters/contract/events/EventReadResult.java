package io.mgw.adapters.contract.events;

import io.mgw.adapters.frame.ProtocolError;
import java.util.Objects;

/**
 * The outcome of reading one {@code mgw:events} entry, never an exception: an event, a type this
 * version does not know (a newer producer during a rolling upgrade: acknowledge and skip), or a
 * refused entry with a {@link ProtocolError} (log, count, acknowledge: retrying cannot fix it).
 */
public sealed interface EventReadResult
        permits EventReadResult.Ok, EventReadResult.UnknownType, EventReadResult.Err {

    /** A valid event. */
    record Ok(MgwEvent event) implements EventReadResult {
        /** Requires an event. */
        public Ok {
            Objects.requireNonNull(event, "event");
        }
    }

    /** Well-formed JSON with a {@code type} this library does not know (cut to 64 chars). */
    record UnknownType(String type) implements EventReadResult {
        /** Requires the type. */
        public UnknownType {
            Objects.requireNonNull(type, "type");
        }
    }

    /** A refused entry: not JSON, not an object, missing or invalid fields. */
    record Err(ProtocolError error) implements EventReadResult {
        /** Requires an error. */
        public Err {
            Objects.requireNonNull(error, "error");
        }
    }

    /** Whether this is an event. */
    default boolean isOk() {
        return this instanceof Ok;
    }

    /** The event; throws {@link IllegalStateException} when this is not {@link Ok}. */
    default MgwEvent event() {
        if (this instanceof Ok ok) {
            return ok.event();
        }
        throw new IllegalStateException("not an event: " + this);
    }
}
