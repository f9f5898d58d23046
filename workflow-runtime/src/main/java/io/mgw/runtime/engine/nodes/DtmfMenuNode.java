package io.mgw.runtime.engine.nodes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.contract.workflow.GraphNode;
import io.mgw.adapters.frame.DtmfFrame;
import io.mgw.adapters.frame.Frame;
import io.mgw.runtime.engine.NodeContext;
import io.mgw.runtime.engine.StreamingNode;
import java.util.List;

/**
 * {@code dtmf-menu}: a keypad digit routes the call to the nodes connected to the output port named after it
 * ({@code default} for an unmapped digit), says which route was taken as a system transcript line, and activates
 * those nodes. The optional {@code prompt} is spoken at session start (root) or when routed to. Other frames pass on.
 */
public final class DtmfMenuNode implements StreamingNode {

    static final String DEFAULT_PORT = "default";
    static final String SYSTEM = "system";

    private final String prompt;
    private final boolean root;

    public DtmfMenuNode(ObjectNode config, boolean root) {
        this.prompt = NodeConfig.text(config, "prompt", null);
        this.root = root;
    }

    @Override
    public void onStart(NodeContext ctx) {
        if (root) {
            onActivate(ctx);
        }
    }

    @Override
    public void onActivate(NodeContext ctx) {
        if (prompt != null && !prompt.isBlank()) {
            Speech.say(prompt, ctx);
        }
    }

    @Override
    public void onFrame(Frame frame, NodeContext ctx) {
        if (!(frame instanceof DtmfFrame dtmf)) {
            ctx.forward(frame);
            return;
        }
        String port = dtmf.digit();
        List<GraphNode> targets = ctx.targets(port);
        if (targets.isEmpty()) {
            port = DEFAULT_PORT;
            targets = ctx.targets(port);
        }
        if (targets.isEmpty()) {
            Speech.line("Digit " + dtmf.digit() + " has no route", SYSTEM, ctx);
            return;
        }
        Speech.say("Digit " + dtmf.digit() + " routes to " + targets.get(0).displayName() + " (port " + port + ")", SYSTEM, ctx);
        ctx.activate(port);
    }
}
