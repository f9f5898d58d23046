package io.mgw.runtime.batch.nodes;

import io.mgw.runtime.batch.BatchNode;
import io.mgw.runtime.batch.ConditionExpression;
import io.mgw.runtime.batch.NodeCall;
import io.mgw.runtime.batch.NodeFailure;
import io.mgw.runtime.batch.NodeResult;

/** {@code condition}: evaluates {@code config.expression} and passes the input on the {@code true} or {@code false} port. */
public final class ConditionNode implements BatchNode {

    @Override
    public NodeResult run(NodeCall call) {
        ConditionExpression expression;
        try {
            expression = ConditionExpression.parse(call.requiredText("expression"));
        } catch (IllegalArgumentException e) {
            throw NodeFailure.badConfig("config.expression: " + e.getMessage());
        }
        return new NodeResult(expression.test(call.input()) ? "true" : "false", call.input());
    }
}
