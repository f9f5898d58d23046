package io.mgw.runtime.engine.nodes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.frame.Frame;
import io.mgw.adapters.frame.HangupFrame;
import io.mgw.adapters.frame.TransferFrame;
import io.mgw.runtime.engine.NodeContext;
import io.mgw.runtime.engine.StreamingNode;
import java.util.function.Supplier;

/**
 * {@code transfer-call} and {@code hang-up}: when routed to (a keypad menu's port, a step of the graph), speak the
 * optional {@code say} line, ask for the call action with one frame, then continue on {@code output} (a disposition,
 * say). Once per session: routed to again, nothing happens. On the agent stream the gateway turns the frame into the
 * provider's REST call after the audio already queued for the caller has played. Frames pass on.
 */
public final class CallActionNode implements StreamingNode {

    private final String say;
    private final Supplier<Frame> request;
    private boolean fired;

    private CallActionNode(ObjectNode config, Supplier<Frame> request) {
        this.say = NodeConfig.text(config, "say", null);
        this.request = request;
    }

    /** {@code transfer-call}: {@code to} (required, a number or SIP URI), {@code reason} (default {@code transfer}). */
    public static CallActionNode transfer(ObjectNode config) {
        String to = NodeConfig.requiredText(config, "to");
        String reason = NodeConfig.text(config, "reason", "transfer");
        return new CallActionNode(config, () -> new TransferFrame(to, reason));
    }

    /** {@code hang-up}: {@code reason} (default {@code completed}). */
    public static CallActionNode hangUp(ObjectNode config) {
        String reason = NodeConfig.text(config, "reason", "completed");
        return new CallActionNode(config, () -> new HangupFrame(reason));
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
        ctx.send(request.get());
        ctx.activate("output");
    }
}
