package io.mgw.runtime.engine.nodes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.frame.TransferFrame;
import io.mgw.runtime.engine.NodeContext;
import io.mgw.runtime.engine.StreamingNode;

/**
 * {@code transfer-call}: when routed to (a keypad menu's port, a step of the graph), says the optional {@code say}
 * text and asks for the call to be transferred to {@code to} (a number or SIP URI) with a {@code transfer} frame; on
 * the agent stream the gateway makes the provider's transfer call once the words have played. It fires once per
 * session. Frames pass on.
 */
public final class TransferCallNode implements StreamingNode {

    private final String to;
    private final String reason;
    private final String say;
    private boolean fired;

    public TransferCallNode(ObjectNode config) {
        this.to = NodeConfig.requiredText(config, "to");
        this.reason = NodeConfig.text(config, "reason", "transfer");
        this.say = NodeConfig.text(config, "say", null);
    }

    @Override
    public void onActivate(NodeContext ctx) {
        if (fired) {
            return;
        }
        fired = true;
        if (say != null && !say.isBlank()) {
            Speech.say(say, ctx);
        }
        ctx.send(new TransferFrame(to, reason));
    }
}
