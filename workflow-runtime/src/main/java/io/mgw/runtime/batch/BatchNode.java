package io.mgw.runtime.batch;

/**
 * One kind of batch work node. {@link #run} is called on a batch worker thread (never an event loop) and may block;
 * the run interrupts it when its timeout passes. Failures are {@link NodeFailure}s (bad config, HTTP error...);
 * anything else thrown is reported as an internal node error.
 */
public interface BatchNode {

    /** Runs the node once over {@code call.input()}. */
    NodeResult run(NodeCall call) throws Exception;

    /** Whether a failed attempt may be retried (false for bad configuration, which no retry fixes). */
    default boolean retryable(NodeFailure failure) {
        return !NodeFailure.BAD_CONFIG.equals(failure.code());
    }
}
