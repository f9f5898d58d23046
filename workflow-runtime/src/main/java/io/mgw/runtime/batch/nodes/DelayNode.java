package io.mgw.runtime.batch.nodes;

import io.mgw.runtime.batch.BatchNode;
import io.mgw.runtime.batch.NodeCall;
import io.mgw.runtime.batch.NodeFailure;
import io.mgw.runtime.batch.NodeResult;

/** {@code delay}: waits {@code config.durationMs} (interruptible: the run's timeout ends it) and passes the input on. */
public final class DelayNode implements BatchNode {

    @Override
    public NodeResult run(NodeCall call) throws InterruptedException {
        if (!call.config().hasNonNull("durationMs")) {
            throw NodeFailure.badConfig("config.durationMs is required (milliseconds)");
        }
        long duration = call.longConfig("durationMs", 0);
        call.progress().accept(0, "waiting " + duration + " ms");
        Thread.sleep(duration);
        return NodeResult.of(call.input());
    }
}
