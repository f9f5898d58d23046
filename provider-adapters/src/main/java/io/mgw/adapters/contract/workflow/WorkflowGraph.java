package io.mgw.adapters.contract.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A workflow's node graph as edited by control-plane and executed by the runtime. Immutable: the
 * {@code with...} methods return new graphs. Node ids are unique (enforced by {@link WorkflowGraphJson}
 * when reading and by {@link #withNode(GraphNode)} when editing); connections may reference missing nodes
 * (that is what validation reports as {@code broken-connection}).
 */
public record WorkflowGraph(List<GraphNode> nodes, List<GraphConnection> connections) {

    private static final WorkflowGraph EMPTY = new WorkflowGraph(List.of(), List.of());

    public WorkflowGraph {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        connections = connections == null ? List.of() : List.copyOf(connections);
    }

    public static WorkflowGraph empty() {
        return EMPTY;
    }

    public Optional<GraphNode> node(String nodeId) {
        return nodes.stream().filter(n -> n.id().equals(nodeId)).findFirst();
    }

    public Optional<GraphConnection> connection(String connectionId) {
        return connections.stream().filter(c -> c.id().equals(connectionId)).findFirst();
    }

    /** Connections ending at {@code nodeId}. */
    public List<GraphConnection> inbound(String nodeId) {
        return connections.stream().filter(c -> c.target().equals(nodeId)).toList();
    }

    /** Connections starting at {@code nodeId}. */
    public List<GraphConnection> outbound(String nodeId) {
        return connections.stream().filter(c -> c.source().equals(nodeId)).toList();
    }

    /** Adds {@code node}, or replaces the node with the same id in place. */
    public WorkflowGraph withNode(GraphNode node) {
        List<GraphNode> next = new ArrayList<>(nodes);
        for (int i = 0; i < next.size(); i++) {
            if (next.get(i).id().equals(node.id())) {
                next.set(i, node);
                return new WorkflowGraph(next, connections);
            }
        }
        next.add(node);
        return new WorkflowGraph(next, connections);
    }

    /** Removes the node and every connection touching it; unchanged when there is no such node. */
    public WorkflowGraph withoutNode(String nodeId) {
        return new WorkflowGraph(
                nodes.stream().filter(n -> !n.id().equals(nodeId)).toList(),
                connections.stream().filter(c -> !c.touches(nodeId)).toList());
    }

    /** Adds {@code connection}, or replaces the connection with the same id in place. */
    public WorkflowGraph withConnection(GraphConnection connection) {
        List<GraphConnection> next = new ArrayList<>(connections);
        for (int i = 0; i < next.size(); i++) {
            if (next.get(i).id().equals(connection.id())) {
                next.set(i, connection);
                return new WorkflowGraph(nodes, next);
            }
        }
        next.add(connection);
        return new WorkflowGraph(nodes, next);
    }

    public WorkflowGraph withoutConnection(String connectionId) {
        return new WorkflowGraph(nodes, connections.stream().filter(c -> !c.id().equals(connectionId)).toList());
    }
}
