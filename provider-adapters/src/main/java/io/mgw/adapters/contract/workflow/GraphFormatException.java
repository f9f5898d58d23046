package io.mgw.adapters.contract.workflow;

/**
 * A workflow graph document that cannot be read: names the offending JSON path (e.g. {@code nodes[2].position.x})
 * and the reason. Control-plane maps it to a 400 naming the field.
 */
public final class GraphFormatException extends RuntimeException {

    private final String path;
    private final String reason;

    public GraphFormatException(String path, String reason) {
        this(path, reason, null);
    }

    public GraphFormatException(String path, String reason, Throwable cause) {
        super(path + ": " + reason, cause);
        this.path = path;
        this.reason = reason;
    }

    /** JSON path of the offending value, {@code (root)} for the document itself. */
    public String path() {
        return path;
    }

    /** What is wrong with it, without the path. */
    public String reason() {
        return reason;
    }
}
