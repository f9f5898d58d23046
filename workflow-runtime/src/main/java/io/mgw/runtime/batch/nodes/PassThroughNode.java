package io.mgw.runtime.batch.nodes;

import io.mgw.runtime.batch.BatchNode;
import io.mgw.runtime.batch.NodeCall;
import io.mgw.runtime.batch.NodeResult;

/** Trigger nodes: the run's inputs become their output unchanged. */
public final class PassThroughNode implements BatchNode {

    @Override
    public NodeResult run(NodeCall call) {
        return NodeResult.of(call.input());
    }
}
