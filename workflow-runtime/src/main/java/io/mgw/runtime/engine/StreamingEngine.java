package io.mgw.runtime.engine;

import io.mgw.adapters.contract.workflow.GraphNode;
import io.mgw.adapters.frame.Frame;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs one session's {@link StreamingGraph}: caller input enters at the root nodes and travels along the graph's
 * connections; nodes answer through {@link SessionOutput}. Confined to the session's executor. A node hook that
 * throws becomes a node error ({@link SessionOutput#nodeFailed}); the frame stops at that node and the session goes
 * on. Forwarding deeper than {@link #MAX_DEPTH} hops (a cycle) is reported the same way.
 */
public final class StreamingEngine {

    static final int MAX_DEPTH = 32;
    static final String NODE_FAILED = "node.failed";

    private final StreamingGraph graph;
    private final SessionOutput output;
    private final SessionCounters counters;
    private final StreamingNode[] nodes;
    private final Link[] links;
    private int depth;

    public StreamingEngine(StreamingGraph graph, NodeFactory factory, SessionOutput output, SessionCounters counters) {
        this.graph = graph;
        this.output = output;
        this.counters = counters;
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
    }

    /** The session started: every node's {@link StreamingNode#onStart}. */
    public void start() {
        for (int i = 0; i < nodes.length; i++) {
            call(i, (n) -> nodes[n.index].onStart(n));
        }
    }

    /** Caller audio (borrowed buffer) into every root. */
    public void audio(ByteBuf data, boolean json) {
        List<Integer> roots = graph.roots();
        for (int i = 0; i < roots.size(); i++) {
            audio(roots.get(i), data, json);
        }
    }

    /** A caller or app frame (or a control-channel inject) into every root. */
    public void frame(Frame frame) {
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
            output.nodeFailed(link.node.id(), NODE_FAILED, link.node.type() + ": " + message(e));
        } finally {
            depth--;
        }
    }

    private void call(int index, Consumer<Link> hook) {
        Link link = links[index];
        if (depth >= MAX_DEPTH) {
            output.nodeFailed(link.node.id(), "graph.cycle", "frame forwarded more than " + MAX_DEPTH + " hops");
            return;
        }
        depth++;
        try {
            hook.accept(link);
        } catch (RuntimeException e) {
            output.nodeFailed(link.node.id(), NODE_FAILED, link.node.type() + ": " + message(e));
        } finally {
            depth--;
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
        }

        @Override
        public boolean playingAudio() {
            return output.playingAudio();
        }

        @Override
        public SessionCounters counters() {
            return counters;
        }
    }
}
