package io.mgw.runtime.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.contract.workflow.GraphNode;
import io.mgw.adapters.frame.Frame;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

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

    /** The session: ids, call, audio format, the agent in charge, the conversation. */
    SessionState session();

    /** The nodes attached to this node's input {@code port} ({@code ai}, {@code tools}): driven by this node. */
    List<GraphNode> attached(String port);

    /** Passes a frame to the nodes attached to this node's input {@code port}. */
    void toAttached(String port, Frame frame);

    /** Activates the agent nodes named {@code name} ({@link StreamingNode#agentName}); false when there is none. */
    boolean activateAgent(String name);

    /** Calls the {@link ToolNode} with id {@code nodeId}; fails when there is no such tool. */
    CompletionStage<JsonNode> invokeTool(String nodeId, JsonNode arguments);

    /** Records a handoff as a {@code handoff} event (its frame goes out through {@link #send}). */
    void recordHandoff(String fromAgent, String toAgent, String reason, Instant startedAt, Instant completedAt);

    /** Reports a node error now ({@code error} frame and event with this node's id). */
    void fail(String code, String message);

    /**
     * Runs {@code task} on the session's executor every {@code periodMillis} until cancelled or the session ends;
     * a task that throws is reported and cancelled.
     */
    Future<?> every(long periodMillis, Runnable task);

    /**
     * Runs {@code then} on the session's executor when {@code work} completes (work runs elsewhere: never block the
     * executor). A failure is reported as a node error first (an HTTP failure as {@code <type>.timeout},
     * {@code <type>.connection_error} or {@code <type>.http_error}; a {@link NodeError} with its code), then
     * {@link Completion#failed} runs. After the session ended only failures are reported.
     */
    <T> void whenDone(CompletionStage<T> work, Completion<T> then);
}
