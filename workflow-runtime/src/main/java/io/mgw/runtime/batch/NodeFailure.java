package io.mgw.runtime.batch;

/** A node that could not do its work; {@link #code()} says why (reported in {@code step_failed.error}). */
public final class NodeFailure extends RuntimeException {

    public static final String BAD_CONFIG = "bad_config";
    public static final String HTTP_ERROR = "http_error";
    public static final String CONNECTION = "connection_error";
    public static final String TIMEOUT = "timeout";
    public static final String QUERY_ERROR = "query_error";
    public static final String INTERNAL = "internal_error";

    private final String code;

    public NodeFailure(String code, String message) {
        super(message);
        this.code = code;
    }

    public static NodeFailure badConfig(String message) {
        return new NodeFailure(BAD_CONFIG, message);
    }

    public String code() {
        return code;
    }
}
