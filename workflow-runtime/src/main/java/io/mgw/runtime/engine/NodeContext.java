package io.mgw.runtime.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.contract.workflow.GraphNode;
import io.mgw.adapters.frame.Frame;
import io.netty.buffer.ByteBuf;
import java.util.List;

/** What a {@link StreamingNode} may do: pass input along its graph edges, talk to the caller, count usage. */
public interface NodeContext {

    /** The node as deployed (id, type, label, config). */
    GraphNode node();

    /** The node's config object (never null). */
    default ObjectNode config() {
        return node().config();
    }

    /** Passes caller audio to the nodes connected to any of this node's outputs. */
    void forwardAudio(ByteBuf data, boolean json);

    /** Passes a frame to the nodes connected to any of this node's outputs. */
    void forward(Frame frame);

    /** The nodes connected to this node's output {@code port} (empty when none). */
    List<GraphNode> targets(String port);

    /** Tells the nodes connected to {@code port} that the call was routed to them ({@link StreamingNode#onActivate}). */
    void activate(String port);

    /** Sends audio to the caller (binary, or JSON when {@code json}); {@code data} is retained as needed. */
    void sendAudio(ByteBuf data, boolean json);

    /** Sends a frame to the caller; sequenced frames get the session's next {@code seq}. */
    void send(Frame frame);

    /** Whether the pod has sent audio to the caller recently (playback in progress). */
    boolean playingAudio();

    /** Usage counters of the current metrics window. */
    SessionCounters counters();
}
