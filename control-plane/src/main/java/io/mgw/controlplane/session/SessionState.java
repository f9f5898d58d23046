package io.mgw.controlplane.session;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The states of a streaming session, in order. A session moves forward (it may skip states), may go back from
 * active or draining to connecting when its socket reconnects, and never leaves ended or failed.
 */
public enum SessionState {
    PENDING, SCHEDULING, READY, CONNECTING, ACTIVE, DRAINING, ENDED, FAILED;

    /** The states a gateway may connect a socket to (the API document's "proxyable" states). */
    public static final Set<SessionState> CONNECTABLE = EnumSet.of(PENDING, SCHEDULING, READY, CONNECTING, ACTIVE);

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SessionState fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** Parses a state name; null when it is not one. */
    public static SessionState parseOrNull(String name) {
        for (SessionState state : values()) {
            if (state.wireName().equals(name)) {
                return state;
            }
        }
        return null;
    }

    public boolean terminal() {
        return this == ENDED || this == FAILED;
    }

    boolean atLeastReady() {
        return this == READY || this == CONNECTING || this == ACTIVE || this == DRAINING;
    }

    /** Whether a session in this state may move to {@code next}. Staying in the same state is not a move. */
    public boolean canMoveTo(SessionState next) {
        if (terminal() || next == this) {
            return false;
        }
        if (next.terminal()) {
            return true;
        }
        if ((this == ACTIVE || this == DRAINING) && next == CONNECTING) {
            return true;
        }
        if (this == DRAINING && next == ACTIVE) {
            return true;
        }
        return next.ordinal() > ordinal();
    }
}
