package io.mgw.adapters.frame;

import java.util.Objects;

/**
 * Why an inbound message was refused: a kind for metrics and branching, a short reason fit for a
 * WebSocket close reason, and an optional detail for logs.
 *
 * <p>During a provider handshake every kind maps to close code 4400 in the gateway; after the
 * handshake the message is dropped and counted. The reason never contains message content beyond
 * a field name, so it is safe to log.
 */
public record ProtocolError(Kind kind, String reason, String detail) {

    /** Categories of protocol errors; stable names usable as metric labels. */
    public enum Kind {
        /** Not JSON at all, or truncated JSON. */
        MALFORMED_JSON,
        /** Valid JSON, but not an object. */
        NOT_AN_OBJECT,
        /** A required field is absent, null or blank. */
        MISSING_FIELD,
        /** A field has the wrong JSON type (string where a number belongs, ...). */
        WRONG_TYPE,
        /** A field has the right type but a value outside what the protocol allows. */
        INVALID_VALUE,
        /** An audio payload is not valid base64. */
        INVALID_BASE64,
        /** The message or its payload is over the configured size limit. */
        OVERSIZE,
        /** A canonical frame with a {@code type} this library does not know. */
        UNKNOWN_TYPE,
        /** A provider message whose {@code event} this provider does not define. */
        UNKNOWN_EVENT,
        /** A known message at the wrong moment (media before start, a second start, ...). */
        UNEXPECTED_MESSAGE,
        /** The requested provider is not registered. */
        UNSUPPORTED_PROVIDER
    }

    /** Validates that kind and reason are present. */
    public ProtocolError {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }

    /** An error without extra detail. */
    public static ProtocolError of(Kind kind, String reason) {
        return new ProtocolError(kind, reason, null);
    }

    /** A {@link Kind#MISSING_FIELD} error naming the field. */
    public static ProtocolError missingField(String field) {
        return of(Kind.MISSING_FIELD, "Missing field " + field);
    }

    /** A {@link Kind#WRONG_TYPE} error naming the field. */
    public static ProtocolError wrongType(String field, String expected) {
        return of(Kind.WRONG_TYPE, "Field " + field + " must be " + expected);
    }

    /** An exception carrying this error, for unwinding inside a parser; never thrown out of one. */
    public ProtocolErrorException toException() {
        return new ProtocolErrorException(this);
    }
}
