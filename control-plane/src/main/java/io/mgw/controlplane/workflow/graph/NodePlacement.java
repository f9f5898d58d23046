package io.mgw.controlplane.workflow.graph;

import io.mgw.adapters.contract.workflow.GraphNode;
import io.mgw.adapters.contract.workflow.Position;
import io.mgw.adapters.contract.workflow.WorkflowGraph;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where a node added without a position goes: one layer spacing to the right of the right-most placed node, at
 * that node's height (the top-most of several right-most nodes), or the layout origin in a graph with no placed node.
 */
public final class NodePlacement {

    /** The position for a new node in {@code graph}. */
    public Position next(WorkflowGraph graph) {
        return graph.nodes().stream()
                .map(GraphNode::position)
                .filter(p -> p != null)
                .max(Comparator.comparingDouble(Position::x).thenComparing(Comparator.comparingDouble(Position::y).reversed()))
                .map(p -> new Position(p.x() + LayeredLayout.LAYER_SPACING, p.y()))
                .orElse(new Position(LayeredLayout.ORIGIN_X, LayeredLayout.ORIGIN_Y));
    }

    /** {@code node} at {@link #next(WorkflowGraph)} when it has no position, else unchanged. */
    public GraphNode place(WorkflowGraph graph, GraphNode node) {
        return node.position() != null ? node : node.withPosition(next(graph));
    }

    /** Every unplaced node of {@code graph} placed in turn, in node order; placed nodes keep their positions. */
    public WorkflowGraph placeAll(WorkflowGraph graph) {
        if (graph.nodes().stream().allMatch(n -> n.position() != null)) {
            return graph;
        }
        List<GraphNode> placed = new ArrayList<>();
        graph.nodes().stream().filter(n -> n.position() != null).forEach(placed::add);
        List<GraphNode> result = new ArrayList<>();
        for (GraphNode node : graph.nodes()) {
            GraphNode next = place(new WorkflowGraph(placed, List.of()), node);
            if (node.position() == null) {
                placed.add(next);
            }
            result.add(next);
        }
        return new WorkflowGraph(result, graph.connections());
    }
}
