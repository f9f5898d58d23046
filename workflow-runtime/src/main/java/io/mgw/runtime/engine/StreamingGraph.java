package io.mgw.runtime.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.contract.DeploymentSpec;
import io.mgw.adapters.contract.workflow.GraphConnection;
import io.mgw.adapters.contract.workflow.GraphNode;
import io.mgw.adapters.contract.workflow.WorkflowGraph;
import io.mgw.adapters.contract.workflow.WorkflowGraphJson;
import io.mgw.adapters.frame.FrameJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A deployment's graph prepared for streaming: node order, the roots (nodes without inbound connections, which
 * receive the caller's frames) and each node's outbound targets by port. A connection into an {@code ai} or
 * {@code tools} input (an agent's model and tools, per the workflows API) is an attachment, not a path for frames:
 * the attached node is driven by the node it is attached to and is never a root. Immutable and shareable between
 * sessions.
 */
public final class StreamingGraph {

    /** Input ports whose connections attach a node to another instead of carrying frames. */
    static final Set<String> ATTACHMENT_PORTS = Set.of("ai", "tools");

    private final List<GraphNode> nodes;
    private final List<Integer> roots;
    /** Per node index: its outbound connections as (source port, target index). */
    private final List<List<Edge>> outbound;
    /** Per node index: the nodes attached to it as (its input port, attached node index). */
    private final List<List<Edge>> attachments;

    record Edge(String port, int target) {
    }

    private StreamingGraph(WorkflowGraph graph) {
        this.nodes = List.copyOf(graph.nodes());
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            index.put(nodes.get(i).id(), i);
        }
        List<List<Edge>> out = new ArrayList<>();
        List<List<Edge>> attached = new ArrayList<>();
        boolean[] hasInbound = new boolean[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            out.add(new ArrayList<>());
            attached.add(new ArrayList<>());
        }
        for (GraphConnection c : graph.connections()) {
            Integer source = index.get(c.source());
            Integer target = index.get(c.target());
            if (source == null || target == null) {
                continue;
            }
            if (ATTACHMENT_PORTS.contains(c.targetPort())) {
                attached.get(target).add(new Edge(c.targetPort(), source));
                hasInbound[source] = true;
            } else {
                out.get(source).add(new Edge(c.sourcePort(), target));
                hasInbound[target] = true;
            }
        }
        this.outbound = out.stream().map(List::copyOf).toList();
        this.attachments = attached.stream().map(List::copyOf).toList();
        List<Integer> rootList = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (!hasInbound[i]) {
                rootList.add(i);
            }
        }
        this.roots = List.copyOf(rootList);
    }

    /**
     * Reads the graph of a deployment ({@code nodes} and {@code connections} of the spec).
     *
     * @throws io.mgw.adapters.contract.workflow.GraphFormatException when the graph is malformed
     */
    public static StreamingGraph of(DeploymentSpec spec) {
        ObjectNode root = FrameJson.mapper().createObjectNode();
        if (spec.nodes() != null) {
            root.set("nodes", spec.nodes());
        }
        if (spec.connections() != null) {
            root.set("connections", spec.connections());
        }
        return new StreamingGraph(WorkflowGraphJson.read(root));
    }

    /** A graph without nodes (a session whose graph could not be read). */
    public static StreamingGraph empty() {
        return new StreamingGraph(WorkflowGraph.empty());
    }

    public List<GraphNode> nodes() {
        return nodes;
    }

    List<Integer> roots() {
        return roots;
    }

    List<Edge> outbound(int node) {
        return outbound.get(node);
    }

    /** The nodes attached to {@code node}, as (input port, attached node index). */
    List<Edge> attachments(int node) {
        return attachments.get(node);
    }

    boolean isRoot(int node) {
        return roots.contains(node);
    }
}
