package io.mgw.adapters.contract.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * Builds events with a fresh {@code event_id} (random UUID) and {@code at} from the clock, cut to
 * microseconds (PostgreSQL's {@code timestamptz} precision, so a stored event reads back equal).
 * Argument errors throw {@link io.mgw.adapters.frame.ProtocolErrorException} (an
 * {@link IllegalArgumentException}). Thread-safe.
 */
public final class EventFactory {

    private final Clock clock;

    /** Uses the given clock (tests inject a fixed one). */
    public EventFactory(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Uses the system UTC clock. */
    public static EventFactory systemUtc() {
        return new EventFactory(Clock.systemUTC());
    }

    /** A new event id. */
    public String newEventId() {
        return UUID.randomUUID().toString();
    }

    /** The clock's now, cut to microseconds. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** {@code session.state}; {@code reason} may be null. */
    public SessionStateEvent sessionState(String org, String sessionId, String state, String reason) {
        return new SessionStateEvent(newEventId(), org, sessionId, now(), state, reason);
    }

    /** {@code transcript}; {@code emittedAt} may be null. */
    public TranscriptEvent transcript(String org, String sessionId, String role, String text, Instant emittedAt) {
        return new TranscriptEvent(newEventId(), org, sessionId, now(), role, text, emittedAt);
    }

    /** {@code metrics} for one window. */
    public MetricsEvent metrics(String org, String sessionId, Instant windowStart, Instant windowEnd,
            long asrWords, long ttsChars, long bargeInCount) {
        return new MetricsEvent(newEventId(), org, sessionId, now(), windowStart, windowEnd, asrWords, ttsChars,
                bargeInCount);
    }

    /** {@code error}; {@code nodeId} may be null. */
    public ErrorEvent error(String org, String sessionId, String code, String message, String nodeId) {
        return new ErrorEvent(newEventId(), org, sessionId, now(), code, message, nodeId);
    }

    /** {@code handoff}; {@code reason} and {@code completedAt} may be null. */
    public HandoffEvent handoff(String org, String sessionId, String fromAgent, String toAgent, String reason,
            Instant startedAt, Instant completedAt) {
        return new HandoffEvent(newEventId(), org, sessionId, now(), fromAgent, toAgent, reason, startedAt,
                completedAt);
    }

    /** {@code call.closed}; {@code reason} may be null. */
    public CallClosedEvent callClosed(String org, String sessionId, String endpoint, int code, String reason,
            long durationMs, long framesIn, long framesOut, long framesInvalid) {
        return new CallClosedEvent(newEventId(), org, sessionId, now(), endpoint, code, reason, durationMs, framesIn,
                framesOut, framesInvalid);
    }

    /** {@code execution.event}; {@code sessionId}, {@code workflowId} and {@code payload} may be null. */
    public ExecutionEvent executionEvent(String org, String sessionId, String executionId, String workflowId,
            long seq, RunEventType event, ObjectNode payload) {
        return new ExecutionEvent(newEventId(), org, sessionId, now(), executionId, workflowId, seq, event, payload);
    }
}
