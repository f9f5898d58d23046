package io.mgw.runtime.engine;

import io.mgw.adapters.frame.Frame;
import io.netty.buffer.ByteBuf;
import java.time.Instant;

/** Where an engine's output goes: the session (its current gateway link, seq stamping, events). */
public interface SessionOutput {

    /** Audio toward the caller; {@code data} is borrowed (retain to keep). */
    void sendAudio(ByteBuf data, boolean json);

    /** A frame toward the caller; sequenced frames are stamped with the next {@code seq}. */
    void send(Frame frame);

    /** Whether audio went to the caller within the last few hundred milliseconds. */
    boolean playingAudio();

    /** A node failed: report it as an error frame and event ({@code code}, {@code message}, {@code node_id}). */
    void nodeFailed(String nodeId, String code, String message);

    /** A handoff between agents: the {@code handoff} event with its timing. */
    void handoff(String fromAgent, String toAgent, String reason, Instant startedAt, Instant completedAt);
}
