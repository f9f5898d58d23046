package io.mgw.runtime.engine;

/**
 * A node failure with its own error code (e.g. {@code llm.bad_response}, {@code play.unsupported_format}); thrown from
 * a node hook or a {@link Completion}, the engine reports it as an {@code error} frame and event with this code.
 * Anything else a hook throws is reported as {@code node.failed}.
 */
public final class NodeError extends RuntimeException {

    private final String code;

    public NodeError(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
