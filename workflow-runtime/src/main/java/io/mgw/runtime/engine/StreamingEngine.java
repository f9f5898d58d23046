package io.mgw.runtime.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.mgw.adapters.contract.workflow.GraphNode;
import io.mgw.adapters.frame.ClearFrame;
import io.mgw.adapters.frame.Frame;
import io.mgw.adapters.frame.InjectFrame;
import io.mgw.adapters.frame.StartFrame;
import io.netty.buffer.ByteBuf;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * Runs one session's {@link StreamingGraph}: caller input enters at the root nodes and travels along the graph's
 * connections; nodes answer through {@link SessionOutput}. Confined to the session's executor; work a node starts
 * elsewhere comes back through {@link EngineTasks}. A node hook that throws becomes a node error
 * ({@link SessionOutput#nodeFailed}); the frame stops at that node and the session goes on. Forwarding deeper than
 * {@link #MAX_DEPTH} hops (a cycle) is reported the same way. {@code start} frames set the session's call and audio
 * format and caller injects join the conversation before the nodes see them.
 */
public final class StreamingEngine {

    static final int MAX_DEPTH = 32;
    static final String NODE_FAILED = "node.failed";

    private final StreamingGraph graph;
    private final SessionOutput output;
    private final SessionCounters counters;
    private final SessionState state;
    private final EngineTasks tasks;
    private final StreamingNode[] nodes;
    private final Link[] links;
    private int depth;

    public StreamingEngine(StreamingGraph graph, NodeFactory factory, SessionOutput output, SessionCounters counters,
                           SessionState state, ScheduledExecutorService executor) {
        this.graph = graph;
        this.output = output;
        this.counters = counters;
        this.state = state;
        this.tasks = new EngineTasks(executor, output);
        int size = graph.nodes().size();
        this.nodes = new StreamingNode[size];
        this.links = new Link[size];
        for (int i = 0; i < size; i++) {
            GraphNode node = graph.nodes().get(i);
            links[i] = new Link(i, node);
            try {
                nodes[i] = factory.create(node, graph.isRoot(i));
            } catch (RuntimeException e) {
                nodes[i] = NodeFactory.passThrough();
                output.nodeFailed(node.id(), "node.config", node.type() + ": " + message(e));
            }
        }
        Set<String> agents = new HashSet<>();
        for (StreamingNode node : nodes) {
            if (node.agentName() != null) {
                agents.add(node.agentName());
            }
        }
        state.agentNames(agents);
    }

    /** The session started: every node's {@link StreamingNode#onStart}. */
    public void start() {
        for (int i = 0; i < nodes.length; i++) {
            call(i, (n) -> nodes[n.index].onStart(n));
        }
    }

    /** Caller audio (borrowed buffer) into every root. */
    public void audio(ByteBuf data, boolean json) {
        if (json && !state.jsonAudio()) {
            state.callerSentJsonAudio();
        }
        List<Integer> roots = graph.roots();
        for (int i = 0; i < roots.size(); i++) {
            audio(roots.get(i), data, json);
        }
    }

    /** A caller or app frame (or a control-channel inject) into every root. */
    public void frame(Frame frame) {
        if (frame instanceof StartFrame start) {
            state.started(start);
        } else if (frame instanceof InjectFrame inject) {
            state.conversation().add(inject.role() == null || inject.role().isBlank() ? Conversation.USER : inject.role(),
                    inject.text());
        }
        for (int root : graph.roots()) {
            call(root, (n) -> nodes[n.index].onFrame(frame, n));
        }
    }

    /** The session is ending: every node's {@link StreamingNode#onEnd}. */
    public void end(String reason) {
        for (int i = 0; i < nodes.length; i++) {
            call(i, (n) -> nodes[n.index].onEnd(reason, n));
        }
    }

    /** The session is over (ended or drained): timers stop, late results are dropped. */
    public void close() {
        tasks.close();
    }

    /** The audio hot path: no capturing lambda, no iterator (echo benchmarks run through here). */
    private void audio(int index, ByteBuf data, boolean json) {
        Link link = links[index];
        if (depth >= MAX_DEPTH) {
            output.nodeFailed(link.node.id(), "graph.cycle", "audio forwarded more than " + MAX_DEPTH + " hops");
            return;
        }
        depth++;
        try {
            nodes[index].onAudio(data, json, link);
        } catch (RuntimeException e) {
            failed(link.node, e);
        } finally {
            depth--;
        }
    }

    /** Runs a node hook guarded; false when it failed (reported). */
    private boolean call(int index, Consumer<Link> hook) {
        Link link = links[index];
        if (depth >= MAX_DEPTH) {
            output.nodeFailed(link.node.id(), "graph.cycle", "frame forwarded more than " + MAX_DEPTH + " hops");
            return false;
        }
        depth++;
        try {
            hook.accept(link);
            return true;
        } catch (RuntimeException e) {
            failed(link.node, e);
            return false;
        } finally {
            depth--;
        }
    }

    private void failed(GraphNode node, RuntimeException e) {
        if (e instanceof NodeError error) {
            output.nodeFailed(node.id(), error.code(), error.getMessage());
        } else {
            output.nodeFailed(node.id(), NODE_FAILED, node.type() + ": " + message(e));
        }
    }

    private static String message(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** One node's {@link NodeContext}: its place in the graph. */
    private final class Link implements NodeContext {

        final int index;
        final GraphNode node;

        Link(int index, GraphNode node) {
            this.index = index;
            this.node = node;
        }

        @Override
        public GraphNode node() {
            return node;
        }

        @Override
        public void forwardAudio(ByteBuf data, boolean json) {
            List<StreamingGraph.Edge> edges = graph.outbound(index);
            for (int i = 0; i < edges.size(); i++) {
                audio(edges.get(i).target(), data, json);
            }
        }

        @Override
        public void forward(Frame frame) {
            for (StreamingGraph.Edge edge : graph.outbound(index)) {
                call(edge.target(), (n) -> nodes[n.index].onFrame(frame, n));
            }
        }

        @Override
        public List<GraphNode> targets(String port) {
            List<GraphNode> targets = new ArrayList<>();
            for (StreamingGraph.Edge edge : graph.outbound(index)) {
                if (edge.port().equals(port)) {
                    targets.add(graph.nodes().get(edge.target()));
                }
            }
            return targets;
        }

        @Override
        public void activate(String port) {
            for (StreamingGraph.Edge edge : graph.outbound(index)) {
                if (edge.port().equals(port)) {
                    call(edge.target(), (n) -> nodes[n.index].onActivate(n));
                }
            }
        }

        @Override
        public void sendAudio(ByteBuf data, boolean json) {
            output.sendAudio(data, json);
        }

        @Override
        public void send(Frame frame) {
            output.send(frame);
            if (frame instanceof ClearFrame) {
                for (int i = 0; i < nodes.length; i++) {
                    call(i, (n) -> nodes[n.index].onBargeIn(n));
                }
            }
        }

        @Override
        public boolean playingAudio() {
            return output.playingAudio();
        }

        @Override
        public SessionCounters counters() {
            return counters;
        }

        @Override
        public SessionState session() {
            return state;
        }

        @Override
        public List<GraphNode> attached(String port) {
            List<GraphNode> attached = new ArrayList<>();
            for (StreamingGraph.Edge edge : graph.attachments(index)) {
                if (edge.port().equals(port)) {
                    attached.add(graph.nodes().get(edge.target()));
                }
            }
            return attached;
        }

        @Override
        public void toAttached(String port, Frame frame) {
            for (StreamingGraph.Edge edge : graph.attachments(index)) {
                if (edge.port().equals(port)) {
                    call(edge.target(), (n) -> nodes[n.index].onFrame(frame, n));
                }
            }
        }

        @Override
        public boolean activateAgent(String name) {
            boolean found = false;
            for (int i = 0; i < nodes.length; i++) {
                if (name.equals(nodes[i].agentName())) {
                    found = true;
                    call(i, (n) -> nodes[n.index].onActivate(n));
                }
            }
            return found;
        }

        @Override
        public CompletionStage<JsonNode> invokeTool(String nodeId, JsonNode arguments) {
            for (int i = 0; i < nodes.length; i++) {
                if (graph.nodes().get(i).id().equals(nodeId) && nodes[i] instanceof ToolNode tool) {
                    try {
                        return tool.invoke(arguments, links[i]);
                    } catch (RuntimeException e) {
                        return CompletableFuture.failedFuture(e);
                    }
                }
            }
            return CompletableFuture.failedFuture(new NodeError("tool.unknown", "node " + nodeId + " is not a tool"));
        }

        @Override
        public void recordHandoff(String fromAgent, String toAgent, String reason, Instant startedAt, Instant completedAt) {
            output.handoff(fromAgent, toAgent, reason, startedAt, completedAt);
        }

        @Override
        public void fail(String code, String message) {
            output.nodeFailed(node.id(), code, message);
        }

        @Override
        public Future<?> every(long periodMillis, Runnable task) {
            return tasks.every(periodMillis, () -> call(index, (n) -> task.run()));
        }

        @Override
        public <T> void whenDone(CompletionStage<T> work, Completion<T> then) {
            tasks.whenDone(work, node, (result) -> call(index, (n) -> then.completed(result)),
                    (error) -> call(index, (n) -> then.failed(error)));
        }
    }
}
