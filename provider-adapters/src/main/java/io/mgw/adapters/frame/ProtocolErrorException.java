package io.mgw.adapters.frame;

/**
 * Carries a {@link ProtocolError} out of nested field reads and record constructors.
 *
 * <p>Parsers in this library catch it at their boundary and return the error as a value; it is
 * only seen by callers that build frames by hand with invalid arguments (a programming error, hence
 * an {@link IllegalArgumentException}). No stack trace is captured: it is a control-flow signal.
 */
public final class ProtocolErrorException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient ProtocolError error;

    /** Wraps the error. */
    public ProtocolErrorException(ProtocolError error) {
        super(error.reason());
        this.error = error;
    }

    /** The error this exception carries. */
    public ProtocolError error() {
        return error;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
