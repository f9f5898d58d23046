package io.mgw.controlplane.deployment;

/** A deployment driver could not do what it was asked; the message is safe to show to the API caller. */
public class DeploymentDriverException extends RuntimeException {

    private final boolean callerError;

    public DeploymentDriverException(String message, boolean callerError, Throwable cause) {
        super(message, cause);
        this.callerError = callerError;
    }

    /** True when the request itself was refused (invalid resources, quota), false when the backend failed. */
    public boolean callerError() {
        return callerError;
    }
}
