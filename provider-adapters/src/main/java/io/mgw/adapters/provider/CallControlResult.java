package io.mgw.adapters.provider;

import java.util.Objects;

/** The outcome of one provider REST action. Futures of it never complete exceptionally. */
public sealed interface CallControlResult
        permits CallControlResult.Ok, CallControlResult.Rejected, CallControlResult.Failed, CallControlResult.Unsupported {

    /** The provider accepted (or the goal already holds, e.g. a hangup of an ended call). */
    record Ok(int status) implements CallControlResult {
    }

    /** The provider answered with a refusal; {@code reason} is a short provider code or message. */
    record Rejected(int status, String reason) implements CallControlResult {
        /** Requires a reason. */
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** No answer: timeout or I/O failure after the allowed retries. */
    record Failed(Failure failure, String detail) implements CallControlResult {
        /** Requires the failure kind. */
        public Failed {
            Objects.requireNonNull(failure, "failure");
        }
    }

    /** The provider has no API for this action (the caller should fall back, e.g. close the stream). */
    record Unsupported(String reason) implements CallControlResult {
    }

    /** Why no answer arrived. */
    enum Failure {
        /** The request timed out. */
        TIMEOUT,
        /** Connection or protocol failure. */
        IO,
        /** The request could not be built (missing credentials or identifiers). */
        INVALID_REQUEST
    }

    /** Whether the action succeeded. */
    default boolean isOk() {
        return this instanceof Ok;
    }
}
