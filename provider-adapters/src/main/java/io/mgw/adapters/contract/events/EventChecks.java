package io.mgw.adapters.contract.events;

import io.mgw.adapters.frame.ProtocolError;
import java.time.Instant;
import java.util.regex.Pattern;

/** Argument checks for event records that fail with a typed {@link ProtocolError}. */
final class EventChecks {

    /** Lowercase canonical UUID, as {@code UUID.toString()} writes it ({@code UUID.fromString} is laxer). */
    private static final Pattern EVENT_ID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private EventChecks() {
    }

    /** The fields every event has; {@code sessionRequired} is false only for executions. */
    static void common(String eventId, String org, String sessionId, Instant at, boolean sessionRequired) {
        requireText(eventId, "event_id");
        if (!EVENT_ID.matcher(eventId).matches()) {
            throw ProtocolError.of(ProtocolError.Kind.INVALID_VALUE, "Field event_id must be a lowercase UUID")
                    .toException();
        }
        requireText(org, "org");
        if (sessionRequired) {
            requireText(sessionId, "session_id");
        } else if (sessionId != null && sessionId.isBlank()) {
            throw ProtocolError.of(ProtocolError.Kind.INVALID_VALUE, "Field session_id must not be blank")
                    .toException();
        }
        requireValue(at, "at");
    }

    static String requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ProtocolError.missingField(field).toException();
        }
        return value;
    }

    static <T> T requireValue(T value, String field) {
        if (value == null) {
            throw ProtocolError.missingField(field).toException();
        }
        return value;
    }

    static long requireNonNegative(long value, String field) {
        if (value < 0) {
            throw ProtocolError.of(ProtocolError.Kind.INVALID_VALUE, "Field " + field + " must not be negative")
                    .toException();
        }
        return value;
    }

    static void requireOrdered(Instant first, Instant second, String firstField, String secondField) {
        if (second.isBefore(first)) {
            throw ProtocolError.of(ProtocolError.Kind.INVALID_VALUE,
                    "Field " + secondField + " must not be before " + firstField).toException();
        }
    }
}
