package io.mgw.controlplane.session;

import io.micronaut.scheduling.annotation.Scheduled;
import io.mgw.controlplane.deployment.DeploymentRepository;
import io.mgw.controlplane.lifecycle.LifecycleReconciler;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends sessions past their deployment's {@code max_session_duration_seconds} or idle past its
 * {@code idle_timeout_seconds}. Idempotent: running it twice, or on two control planes, changes nothing more.
 * Ephemeral (dev-run) deployments past their TTL are removed by {@link LifecycleReconciler}.
 */
@Singleton
public class SessionReaper {

    private static final Logger LOG = LoggerFactory.getLogger(SessionReaper.class);

    private final StreamingSessionRepository sessions;
    private final SessionLifecycle lifecycle;
    private final SessionService sessionService;
    private final DeploymentRepository deploymentRows;
    private final Clock clock;

    public SessionReaper(StreamingSessionRepository sessions, SessionLifecycle lifecycle, SessionService sessionService,
                         DeploymentRepository deploymentRows, Clock clock) {
        this.sessions = sessions;
        this.lifecycle = lifecycle;
        this.sessionService = sessionService;
        this.deploymentRows = deploymentRows;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "${mgw.reaper-interval:5s}", initialDelay = "${mgw.reaper-interval:5s}")
    void reap() {
        try {
            endOverdueSessions();
        } catch (RuntimeException e) {
            LOG.warn("reaper pass failed: {}", e.toString());
        }
    }

    /** Ends every overdue session; returns how many it ended. */
    public int endOverdueSessions() {
        int ended = 0;
        Instant now = clock.instant();
        for (StreamingSession session : sessions.overdue(now)) {
            String reason = reasonFor(session, now);
            if (lifecycle.move(session.id(), SessionState.ENDED, reason) instanceof SessionLifecycle.Outcome.Moved) {
                sessionService.announceEnd(session.id(), reason);
                ended++;
            }
        }
        return ended;
    }

    private String reasonFor(StreamingSession session, Instant now) {
        return deploymentRows.findById(session.deploymentId())
                .filter(d -> d.maxSessionDurationSeconds() != null)
                .filter(d -> Duration.between(session.startedAt(), now).getSeconds() >= d.maxSessionDurationSeconds())
                .map(d -> "max session duration reached")
                .orElse("idle timeout");
    }
}
