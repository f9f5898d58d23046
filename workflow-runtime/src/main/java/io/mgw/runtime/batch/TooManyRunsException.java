package io.mgw.runtime.batch;

/** A run refused because its deployment (or draft workflow) already runs the most batch runs it may at once. */
public final class TooManyRunsException extends RuntimeException {

    /** The error code of the 429 answer. */
    public static final String CODE = "too_many_runs";

    TooManyRunsException(String capKey, int limit) {
        super((capKey.startsWith("draft:") ? "workflow " + capKey.substring(6) + " (draft runs)" : "deployment " + capKey)
                + " already has " + limit + " batch runs in progress on this pod (MGW_MAX_RUNS_PER_DEPLOYMENT); retry later",
                null, false, false);
    }
}
