package io.mgw.adapters.contract.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A session changed state ({@code pending}, {@code scheduling}, {@code ready}, {@code connecting},
 * {@code active}, {@code draining}, {@code ended}, {@code failed}); {@code reason} is optional. The
 * control plane's state machine decides whether the transition is legal.
 */
public record SessionStateEvent(
        @JsonProperty("event_id") String eventId,
        String org,
        @JsonProperty("session_id") String sessionId,
        @IsoInstant Instant at,
        String state,
        String reason) implements MgwEvent {

    /** Wire type. */
    public static final String TYPE = "session.state";

    /** Requires the common fields and a state. */
    public SessionStateEvent {
        EventChecks.common(eventId, org, sessionId, at, true);
        EventChecks.requireText(state, "state");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
