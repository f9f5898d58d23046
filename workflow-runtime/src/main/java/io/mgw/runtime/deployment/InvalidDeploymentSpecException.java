package io.mgw.runtime.deployment;

/** A {@code PUT /internal/deployments/{id}} body that cannot be hosted; the message names the problem (and field). */
public final class InvalidDeploymentSpecException extends RuntimeException {

    /** What kind of problem: the body is not JSON at all, or a field is missing, mistyped or out of range. */
    public enum Kind { MALFORMED_JSON, INVALID_FIELD }

    private final Kind kind;

    InvalidDeploymentSpecException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
