package io.mgw.adapters.contract.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mgw.adapters.frame.ProtocolError;
import java.time.Instant;

/**
 * A gateway closed a client or call socket: which endpoint ({@code session} or {@code agent-stream}),
 * the WebSocket close code and reason, how long it lasted and the frames counted each way.
 */
public record CallClosedEvent(
        @JsonProperty("event_id") String eventId,
        String org,
        @JsonProperty("session_id") String sessionId,
        @IsoInstant Instant at,
        String endpoint,
        int code,
        String reason,
        @JsonProperty("duration_ms") long durationMs,
        @JsonProperty("frames_in") long framesIn,
        @JsonProperty("frames_out") long framesOut,
        @JsonProperty("frames_invalid") long framesInvalid) implements MgwEvent {

    /** Wire type. */
    public static final String TYPE = "call.closed";

    /** Requires the common fields, an endpoint, a close code in 1000..4999 and non-negative counters. */
    public CallClosedEvent {
        EventChecks.common(eventId, org, sessionId, at, true);
        EventChecks.requireText(endpoint, "endpoint");
        if (code < 1000 || code > 4999) {
            throw ProtocolError.of(ProtocolError.Kind.INVALID_VALUE, "Field code must be a close code (1000-4999)")
                    .toException();
        }
        EventChecks.requireNonNegative(durationMs, "duration_ms");
        EventChecks.requireNonNegative(framesIn, "frames_in");
        EventChecks.requireNonNegative(framesOut, "frames_out");
        EventChecks.requireNonNegative(framesInvalid, "frames_invalid");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
