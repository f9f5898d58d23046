package io.mgw.adapters.contract.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** An error in a session (e.g. {@code stt.timeout}); {@code node_id} names the workflow node, if any. */
public record ErrorEvent(
        @JsonProperty("event_id") String eventId,
        String org,
        @JsonProperty("session_id") String sessionId,
        @IsoInstant Instant at,
        String code,
        String message,
        @JsonProperty("node_id") String nodeId) implements MgwEvent {

    /** Wire type. */
    public static final String TYPE = "error";

    /** Requires the common fields, a code and a message. */
    public ErrorEvent {
        EventChecks.common(eventId, org, sessionId, at, true);
        EventChecks.requireText(code, "code");
        EventChecks.requireText(message, "message");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
