package io.mgw.runtime.engine.nodes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.frame.Frame;
import io.mgw.adapters.frame.InjectFrame;
import io.mgw.runtime.engine.NodeContext;
import io.mgw.runtime.engine.StreamingNode;

/**
 * {@code say-text}: speaks as an assistant transcript (counted as TTS characters): an inject's text, or the
 * configured {@code text} when the node is routed to (and at session start when it is a root). With a configured
 * text, injects speak that text. Injects stop here; everything else passes on.
 */
public final class SayTextNode implements StreamingNode {

    private final String text;
    private final boolean root;

    public SayTextNode(ObjectNode config, boolean root) {
        this.text = NodeConfig.text(config, "text", null);
        this.root = root;
    }

    @Override
    public void onStart(NodeContext ctx) {
        if (root && text != null && !text.isBlank()) {
            Speech.say(text, ctx);
        }
    }

    @Override
    public void onActivate(NodeContext ctx) {
        if (text != null && !text.isBlank()) {
            Speech.say(text, ctx);
        }
    }

    @Override
    public void onFrame(Frame frame, NodeContext ctx) {
        if (frame instanceof InjectFrame inject) {
            Speech.say(text != null && !text.isBlank() ? text : inject.text(), ctx);
            return;
        }
        ctx.forward(frame);
    }
}
