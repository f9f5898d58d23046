package io.mgw.runtime.engine.nodes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.frame.HangupFrame;
import io.mgw.runtime.engine.NodeContext;
import io.mgw.runtime.engine.StreamingNode;

/**
 * {@code hang-up}: when routed to, says the optional {@code say} text (a goodbye) and asks for the call to end with a
 * {@code hangup} frame carrying {@code reason} (default {@code completed}); on the agent stream the gateway lets the
 * goodbye play out, then makes the provider's hangup call. It fires once per session. Frames pass on.
 */
public final class HangUpNode implements StreamingNode {

    private final String reason;
    private final String say;
    private boolean fired;

    public HangUpNode(ObjectNode config) {
        this.reason = NodeConfig.text(config, "reason", "completed");
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
        ctx.send(new HangupFrame(reason));
    }
}
