package io.mgw.adapters.contract.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mgw.adapters.frame.ProtocolError;
import java.time.Instant;

/** One transcript line ({@code role} user, assistant, system...); {@code emitted_at} optional. */
public record TranscriptEvent(
        @JsonProperty("event_id") String eventId,
        String org,
        @JsonProperty("session_id") String sessionId,
        @IsoInstant Instant at,
        String role,
        String text,
        @JsonProperty("emitted_at") @IsoInstant Instant emittedAt) implements MgwEvent {

    /** Wire type. */
    public static final String TYPE = "transcript";

    /** Requires the common fields, a role and a text (which may be empty). */
    public TranscriptEvent {
        EventChecks.common(eventId, org, sessionId, at, true);
        EventChecks.requireText(role, "role");
        if (text == null) {
            throw ProtocolError.missingField("text").toException();
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
