package io.mgw.runtime.engine.nodes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.frame.Frame;
import io.mgw.adapters.frame.InjectFrame;
import io.mgw.runtime.engine.NodeContext;
import io.mgw.runtime.engine.StreamingNode;
import io.netty.buffer.ByteBuf;

/**
 * {@code echo}: the caller's audio straight back, binary as binary and JSON as JSON (demos and benchmarks: no copy,
 * no allocation beyond the outbound frame). With config {@code transcript} (default true) an inject also becomes an
 * assistant transcript; otherwise injects pass on. Audio is passed on as well.
 */
public final class EchoNode implements StreamingNode {

    private final boolean transcript;

    public EchoNode(ObjectNode config) {
        this.transcript = NodeConfig.bool(config, "transcript", true);
    }

    @Override
    public void onAudio(ByteBuf data, boolean json, NodeContext ctx) {
        ctx.sendAudio(data, json);
        ctx.forwardAudio(data, json);
    }

    @Override
    public void onFrame(Frame frame, NodeContext ctx) {
        if (transcript && frame instanceof InjectFrame inject) {
            Speech.say(inject.text(), ctx);
            return;
        }
        ctx.forward(frame);
    }
}
