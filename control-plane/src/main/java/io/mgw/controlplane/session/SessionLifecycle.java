package io.mgw.controlplane.session;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import io.mgw.controlplane.account.OrganizationRepository;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The one place a session changes state: under a row lock, only along {@link SessionState#canMoveTo}, setting
 * {@code ready_at}/{@code ended_at}, and charging the organization's session seconds exactly once at the end.
 */
@Singleton
public class SessionLifecycle {

    private final StreamingSessionRepository sessions;
    private final OrganizationRepository organizations;
    private final Clock clock;

    public SessionLifecycle(StreamingSessionRepository sessions, OrganizationRepository organizations, Clock clock) {
        this.sessions = sessions;
        this.organizations = organizations;
        this.clock = clock;
    }

    /** What a move did. */
    public sealed interface Outcome {
        /** The session moved. */
        record Moved(StreamingSession before, StreamingSession after) implements Outcome {
        }

        /** The session was already in that state: nothing to do. */
        record Unchanged(StreamingSession session) implements Outcome {
        }

        /** The move is not allowed from the session's state. */
        record Refused(StreamingSession session, SessionState requested) implements Outcome {
        }

        /** No such session. */
        record Missing(String sessionId) implements Outcome {
        }
    }

    @Transactional
    public Outcome move(String sessionId, SessionState next, @Nullable String reason) {
        return move(sessionId, next, reason, clock.instant());
    }

    @Transactional
    public Outcome move(String sessionId, SessionState next, @Nullable String reason, Instant at) {
        return move(sessionId, next, reason, at, true);
    }

    /**
     * Fails a call's session that was never handed to the caller (the gateway gave up on its admission): nothing is
     * charged, and the close the caller got is recorded.
     */
    @Transactional
    public Outcome failUnused(String sessionId, String reason, int closeCode, String closeReason) {
        Outcome outcome = move(sessionId, SessionState.FAILED, reason, clock.instant(), false);
        if (outcome instanceof Outcome.Moved) {
            recordClose(sessionId, closeCode, closeReason);
        }
        return outcome;
    }

    private Outcome move(String sessionId, SessionState next, @Nullable String reason, Instant at, boolean billable) {
        Optional<StreamingSession> locked = sessions.lockById(sessionId);
        if (locked.isEmpty()) {
            return new Outcome.Missing(sessionId);
        }
        StreamingSession session = locked.get();
        SessionState current = session.state();
        if (current == next) {
            return new Outcome.Unchanged(session);
        }
        if (!current.canMoveTo(next)) {
            return new Outcome.Refused(session, next);
        }
        StreamingSession moved = sessions.update(session.moved(next, reason, at, billable));
        if (next.terminal() && session.billedSeconds() == null && moved.billedSeconds() != null
                && moved.billedSeconds() > 0) {
            organizations.addUsage(moved.organizationId(), moved.billedSeconds());
        }
        return new Outcome.Moved(session, moved);
    }

    /** Records how the session's socket closed (from {@code call.closed} events). */
    @Transactional
    public void recordClose(String sessionId, int code, @Nullable String reason) {
        sessions.lockById(sessionId).ifPresent(session ->
                sessions.update(session.withClose(code, reason, clock.instant())));
    }
}
