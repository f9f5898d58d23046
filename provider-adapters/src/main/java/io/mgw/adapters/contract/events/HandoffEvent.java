package io.mgw.adapters.contract.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** The conversation moved from one agent to another; {@code reason} and {@code completed_at} optional. */
public record HandoffEvent(
        @JsonProperty("event_id") String eventId,
        String org,
        @JsonProperty("session_id") String sessionId,
        @IsoInstant Instant at,
        @JsonProperty("from_agent") String fromAgent,
        @JsonProperty("to_agent") String toAgent,
        String reason,
        @JsonProperty("started_at") @IsoInstant Instant startedAt,
        @JsonProperty("completed_at") @IsoInstant Instant completedAt) implements MgwEvent {

    /** Wire type. */
    public static final String TYPE = "handoff";

    /** Requires the common fields, both agents and a start; a completion must not precede the start. */
    public HandoffEvent {
        EventChecks.common(eventId, org, sessionId, at, true);
        EventChecks.requireText(fromAgent, "from_agent");
        EventChecks.requireText(toAgent, "to_agent");
        EventChecks.requireValue(startedAt, "started_at");
        if (completedAt != null) {
            EventChecks.requireOrdered(startedAt, completedAt, "started_at", "completed_at");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
