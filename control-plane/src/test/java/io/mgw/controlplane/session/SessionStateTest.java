package io.mgw.controlplane.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SessionStateTest {

    @Test
    void movesForwardAndMaySkipStates() {
        assertTrue(SessionState.PENDING.canMoveTo(SessionState.SCHEDULING));
        assertTrue(SessionState.PENDING.canMoveTo(SessionState.ACTIVE));
        assertTrue(SessionState.READY.canMoveTo(SessionState.CONNECTING));
        assertTrue(SessionState.CONNECTING.canMoveTo(SessionState.ACTIVE));
        assertTrue(SessionState.ACTIVE.canMoveTo(SessionState.DRAINING));
    }

    @Test
    void reconnectsMayGoBackToConnecting() {
        assertTrue(SessionState.ACTIVE.canMoveTo(SessionState.CONNECTING));
        assertTrue(SessionState.DRAINING.canMoveTo(SessionState.CONNECTING));
        assertTrue(SessionState.DRAINING.canMoveTo(SessionState.ACTIVE));
    }

    @Test
    void refusesBackwardMoves() {
        assertFalse(SessionState.ACTIVE.canMoveTo(SessionState.PENDING));
        assertFalse(SessionState.READY.canMoveTo(SessionState.SCHEDULING));
        assertFalse(SessionState.CONNECTING.canMoveTo(SessionState.READY));
        assertFalse(SessionState.ACTIVE.canMoveTo(SessionState.ACTIVE), "staying is not a move");
    }

    @Test
    void anyLiveStateMayEndOrFailAndTerminalStatesNeverMove() {
        for (SessionState state : SessionState.values()) {
            if (!state.terminal()) {
                assertTrue(state.canMoveTo(SessionState.ENDED), state.name());
                assertTrue(state.canMoveTo(SessionState.FAILED), state.name());
            }
        }
        for (SessionState next : SessionState.values()) {
            assertFalse(SessionState.ENDED.canMoveTo(next), next.name());
            assertFalse(SessionState.FAILED.canMoveTo(next), next.name());
        }
    }

    @Test
    void billingCountsFromReadyAndRoundsUp() {
        var ready = java.time.Instant.parse("2026-01-01T00:00:00Z");
        org.junit.jupiter.api.Assertions.assertEquals(0, StreamingSession.billableSeconds(null, ready));
        org.junit.jupiter.api.Assertions.assertEquals(61, StreamingSession.billableSeconds(ready, ready.plusMillis(60_001)));
    }
}
