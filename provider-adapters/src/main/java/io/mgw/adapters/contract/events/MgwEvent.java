package io.mgw.adapters.contract.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * One entry of the {@code mgw:events} stream. Every event carries a unique {@code event_id} (a
 * UUID: the control plane stores each id once), its {@code type}, the organization, the session
 * (absent only for executions without one) and {@code at}, when it happened (ISO-8601, UTC).
 * JSON through {@link EventJson}; build with {@link EventFactory}.
 */
@JsonPropertyOrder({"event_id", "type", "org", "session_id", "at"})
public sealed interface MgwEvent
        permits SessionStateEvent, TranscriptEvent, MetricsEvent, ErrorEvent, HandoffEvent, CallClosedEvent,
                ExecutionEvent {

    /** Unique id (lowercase canonical UUID); the idempotency key of the consumer. */
    String eventId();

    /** The wire {@code type}, e.g. {@code "session.state"}. */
    @JsonProperty("type")
    String type();

    /** The organization (tenant) id. */
    String org();

    /** The session id; {@code null} only for an {@link ExecutionEvent} outside a session. */
    String sessionId();

    /** When the event happened. */
    Instant at();
}
