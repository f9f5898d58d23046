package io.mgw.runtime.engine;

/**
 * What a node does when its asynchronous work ({@link NodeContext#whenDone}) ends, run back on the session's
 * executor. A failure has already been reported as a node error when {@link #failed} runs.
 */
public interface Completion<T> {

    void completed(T result);

    /** The work failed; clean up (the error frame and event are already out). */
    default void failed(Throwable error) {
    }
}
