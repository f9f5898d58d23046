package io.mgw.runtime.http;

/**
 * An outbound call that did not succeed: it timed out, could not connect, or answered a status of 400 or more
 * ({@link #response()} then holds the answer). Messages name method, host and path, never the query string.
 */
public final class NodeHttpException extends RuntimeException {

    /** Why the call failed. */
    public enum Kind { TIMEOUT, CONNECTION, HTTP_STATUS }

    private final Kind kind;
    private final NodeHttpResponse response;

    NodeHttpException(Kind kind, String message, NodeHttpResponse response) {
        super(message, null, false, false);
        this.kind = kind;
        this.response = response;
    }

    public Kind kind() {
        return kind;
    }

    /** The answer of an {@link Kind#HTTP_STATUS} failure; null otherwise. */
    public NodeHttpResponse response() {
        return response;
    }

    /** The failure behind a completion exception, when it is one of ours. */
    public static NodeHttpException of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof NodeHttpException e) {
                return e;
            }
        }
        return null;
    }
}
