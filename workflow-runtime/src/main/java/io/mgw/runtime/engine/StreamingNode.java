package io.mgw.runtime.engine;

import io.mgw.adapters.frame.Frame;
import io.netty.buffer.ByteBuf;

/**
 * One node of a session's streaming graph, instantiated per session and called only on the session's executor
 * (no locking needed inside). Every hook defaults to passing the input on to the node's outputs, so a node type the
 * runtime does not implement is a pass-through. A hook that throws is reported as a node error (error frame and
 * event) by the engine; the session goes on.
 */
public interface StreamingNode {

    /** The session started on this pod (first link); a root node may greet here. */
    default void onStart(NodeContext ctx) {
    }

    /**
     * Caller audio in the session's format. {@code data} is borrowed: valid during the call only (retain it or let
     * {@link NodeContext#sendAudio} retain it). {@code json} tells whether it came as a JSON audio frame.
     */
    default void onAudio(ByteBuf data, boolean json, NodeContext ctx) {
        ctx.forwardAudio(data, json);
    }

    /** A JSON frame from the caller or the app (inject, dtmf, mark, start), or one forwarded by an upstream node. */
    default void onFrame(Frame frame, NodeContext ctx) {
        ctx.forward(frame);
    }

    /** Another node (a menu) routed the call here. */
    default void onActivate(NodeContext ctx) {
    }

    /** The session is ending; frames sent here still go out before the {@code end} frame. */
    default void onEnd(String reason, NodeContext ctx) {
    }

    /** A node sent {@code clear} (the caller barged in): playback should stop. Called on every node. */
    default void onBargeIn(NodeContext ctx) {
    }

    /** The agent name a handoff targets this node by; null for nodes that are not agents. */
    default String agentName() {
        return null;
    }
}
