package io.mgw.controlplane.workflow.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.mgw.adapters.contract.workflow.GraphNode;
import io.mgw.adapters.contract.workflow.Position;
import io.mgw.adapters.contract.workflow.WorkflowGraph;
import io.mgw.adapters.contract.workflow.WorkflowGraphJson;
import org.junit.jupiter.api.Test;

class NodePlacementTest {

    private final NodePlacement placement = new NodePlacement();

    @Test
    void emptyGraphPlacesAtTheOrigin() {
        assertEquals(new Position(100, 100), placement.next(WorkflowGraph.empty()));
    }

    @Test
    void newNodeGoesRightOfTheRightMostNode() {
        WorkflowGraph g = WorkflowGraphJson.read("""
                {"nodes":[{"id":"a","nodeId":"log","position":{"x":100,"y":400}},
                          {"id":"b","nodeId":"log","position":{"x":600,"y":300}},
                          {"id":"c","nodeId":"log","position":{"x":600,"y":150}},
                          {"id":"d","nodeId":"log"}]}""");
        assertEquals(new Position(850, 150), placement.next(g), "top-most of the right-most nodes");
    }

    @Test
    void graphWithOnlyUnplacedNodesUsesTheOrigin() {
        WorkflowGraph g = WorkflowGraphJson.read("{\"nodes\":[{\"id\":\"a\",\"nodeId\":\"log\"}]}");
        assertEquals(new Position(100, 100), placement.next(g));
    }

    @Test
    void placeKeepsAGivenPositionAndPlaceAllFillsTheRest() {
        GraphNode placed = GraphNode.of("log", null, null).withPosition(new Position(5, 5));
        assertSame(placed, placement.place(WorkflowGraph.empty(), placed));
        WorkflowGraph g = WorkflowGraphJson.read("""
                {"nodes":[{"id":"a","nodeId":"log"},{"id":"b","nodeId":"log","position":{"x":100,"y":100}},{"id":"c","nodeId":"log"}]}""");
        WorkflowGraph all = placement.placeAll(g);
        assertEquals(new Position(350, 100), all.node("a").orElseThrow().position());
        assertEquals(new Position(100, 100), all.node("b").orElseThrow().position());
        assertEquals(new Position(600, 100), all.node("c").orElseThrow().position());
    }
}
