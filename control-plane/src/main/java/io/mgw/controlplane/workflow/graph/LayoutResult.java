package io.mgw.controlplane.workflow.graph;

import io.mgw.adapters.contract.workflow.WorkflowGraph;

/**
 * The outcome of {@link LayeredLayout#layout}: the graph with new positions (the same instance when nothing moved),
 * whether any node moved, and how many did (the layout response's {@code changed} and {@code nodesRepositioned}).
 */
public record LayoutResult(WorkflowGraph graph, boolean changed, int nodesRepositioned) {
}
