package io.mgw.controlplane.workflow.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgw.adapters.contract.workflow.GraphNode;
import io.mgw.adapters.contract.workflow.Position;
import io.mgw.adapters.contract.workflow.WorkflowGraph;
import io.mgw.adapters.contract.workflow.WorkflowGraphJson;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LayeredLayoutTest {

    private final LayeredLayout layout = new LayeredLayout();

    private static final String DIAMOND = """
            {"nodes":[{"id":"d","nodeId":"log"},{"id":"b","nodeId":"log"},{"id":"a","nodeId":"api-trigger"},{"id":"c","nodeId":"log"}],
             "connections":[{"source":"a","target":"b"},{"source":"a","target":"c"},{"source":"b","target":"d"},{"source":"c","target":"d"}]}""";

    private static Map<String, Position> positions(WorkflowGraph g) {
        return g.nodes().stream().collect(Collectors.toMap(GraphNode::id, GraphNode::position));
    }

    private static int layer(Position p) {
        double l = (p.x() - LayeredLayout.ORIGIN_X) / LayeredLayout.LAYER_SPACING;
        assertEquals(Math.rint(l), l, "x is on the layer grid");
        return (int) l;
    }

    @Test
    void diamondGetsLayersZeroOneOneTwoLeftToRight() {
        LayoutResult result = layout.layout(WorkflowGraphJson.read(DIAMOND));
        Map<String, Position> p = positions(result.graph());
        assertEquals(0, layer(p.get("a")));
        assertEquals(1, layer(p.get("b")));
        assertEquals(1, layer(p.get("c")));
        assertEquals(2, layer(p.get("d")));
        assertTrue(p.get("a").x() < p.get("b").x() && p.get("b").x() < p.get("d").x());
        assertEquals(new Position(350, 100), p.get("b"), "ties broken by id: b above c");
        assertEquals(new Position(350, 250), p.get("c"));
        assertEquals(p.get("a").y(), p.get("d").y(), "single-node layers are centred");
        assertEquals(175, p.get("a").y());
        assertTrue(result.changed());
        assertEquals(4, result.nodesRepositioned());
        assertEquals(List.of("d", "b", "a", "c"), result.graph().nodes().stream().map(GraphNode::id).toList(),
                "node order is preserved");
    }

    @Test
    void sameInputTwiceGivesIdenticalOutputWhateverTheInputOrder() {
        WorkflowGraph g = WorkflowGraphJson.read(DIAMOND);
        assertEquals(layout.layout(g), layout.layout(g));
        List<GraphNode> shuffled = new ArrayList<>(g.nodes());
        Collections.reverse(shuffled);
        List<io.mgw.adapters.contract.workflow.GraphConnection> connections = new ArrayList<>(g.connections());
        Collections.reverse(connections);
        assertEquals(positions(layout.layout(g).graph()),
                positions(layout.layout(new WorkflowGraph(shuffled, connections)).graph()));
    }

    @Test
    void alreadyLaidOutGraphReportsUnchanged() {
        WorkflowGraph once = layout.layout(WorkflowGraphJson.read(DIAMOND)).graph();
        LayoutResult again = layout.layout(once);
        assertFalse(again.changed());
        assertEquals(0, again.nodesRepositioned());
        assertSame(once, again.graph());
    }

    @Test
    void countsOnlyNodesThatActuallyMoved() {
        WorkflowGraph laidOut = layout.layout(WorkflowGraphJson.read(DIAMOND)).graph();
        WorkflowGraph nudged = laidOut.withNode(laidOut.node("d").orElseThrow().withPosition(new Position(9, 9)));
        LayoutResult result = layout.layout(nudged);
        assertTrue(result.changed());
        assertEquals(1, result.nodesRepositioned());
        assertEquals(laidOut, result.graph());
    }

    @Test
    void barycenterOrderingRemovesAvoidableCrossings() {
        // ids put x2 above x1 by default; their parents' order (p1 above p2) should pull them apart without crossing
        WorkflowGraph g = WorkflowGraphJson.read("""
                {"nodes":[{"id":"p1","nodeId":"log"},{"id":"p2","nodeId":"log"},{"id":"a2","nodeId":"log"},{"id":"a1","nodeId":"log"}],
                 "connections":[{"source":"p1","target":"a2"},{"source":"p2","target":"a1"}]}""");
        Map<String, Position> p = positions(layout.layout(g).graph());
        assertTrue(p.get("p1").y() < p.get("p2").y());
        assertTrue(p.get("a2").y() < p.get("a1").y(), "edges p1->a2 and p2->a1 do not cross");
    }

    @Test
    void longEdgesAndMultipleLayersStayOnTheGrid() {
        WorkflowGraph g = WorkflowGraphJson.read("""
                {"nodes":[{"id":"a","nodeId":"api-trigger"},{"id":"b","nodeId":"log"},{"id":"c","nodeId":"log"},{"id":"d","nodeId":"log"}],
                 "connections":[{"source":"a","target":"b"},{"source":"b","target":"c"},{"source":"c","target":"d"},{"source":"a","target":"d"}]}""");
        Map<String, Position> p = positions(layout.layout(g).graph());
        assertEquals(List.of(0, 1, 2, 3), List.of(layer(p.get("a")), layer(p.get("b")), layer(p.get("c")), layer(p.get("d"))));
    }

    @Test
    void sourceFeedingADeepNodeSitsRightBeforeIt() {
        WorkflowGraph g = WorkflowGraphJson.read("""
                {"nodes":[{"id":"v","nodeId":"vad"},{"id":"s","nodeId":"say-text"},{"id":"a","nodeId":"agent"},{"id":"m","nodeId":"llm"}],
                 "connections":[{"source":"v","target":"s"},{"source":"s","target":"a"},{"source":"m","target":"a","targetPort":"ai"}]}""");
        Map<String, Position> p = positions(layout.layout(g).graph());
        assertEquals(2, layer(p.get("a")));
        assertEquals(1, layer(p.get("m")));
    }

    @Test
    void cyclesAreToleratedAndEveryNodeIsPlacedOnItsOwnSpot() {
        WorkflowGraph g = WorkflowGraphJson.read("""
                {"nodes":[{"id":"a","nodeId":"play"},{"id":"b","nodeId":"dtmf-menu"},{"id":"c","nodeId":"say-text"},
                          {"id":"d","nodeId":"say-text"},{"id":"e","nodeId":"log"}],
                 "connections":[{"source":"a","target":"b"},{"source":"b","sourcePort":"1","target":"c"},
                                {"source":"b","sourcePort":"default","target":"d"},{"source":"d","target":"b"},
                                {"source":"e","target":"e"},{"source":"a","target":"ghost"}]}""");
        LayoutResult result = layout.layout(g);
        Map<String, Position> p = positions(result.graph());
        assertEquals(5, result.nodesRepositioned());
        assertEquals(0, layer(p.get("a")));
        assertEquals(1, layer(p.get("b")));
        assertEquals(2, layer(p.get("c")));
        assertEquals(2, layer(p.get("d")));
        Set<Position> distinct = new HashSet<>(p.values());
        assertEquals(5, distinct.size(), "no two nodes share a position");
        assertEquals(result, layout.layout(g), "deterministic with cycles too");
    }

    @Test
    void emptyGraphIsUnchanged() {
        LayoutResult result = layout.layout(WorkflowGraph.empty());
        assertFalse(result.changed());
        assertEquals(0, result.nodesRepositioned());
    }

    @Test
    void largerGraphsLayOutQuickly() {
        StringBuilder nodes = new StringBuilder();
        StringBuilder connections = new StringBuilder();
        int n = 600;
        for (int i = 0; i < n; i++) {
            nodes.append(i == 0 ? "" : ",").append("{\"id\":\"n").append(i).append("\",\"nodeId\":\"log\"}");
            if (i > 0) {
                connections.append(i == 1 ? "" : ",").append("{\"source\":\"n").append((i * 7919) % i)
                        .append("\",\"target\":\"n").append(i).append("\"}");
            }
        }
        WorkflowGraph g = WorkflowGraphJson.read("{\"nodes\":[" + nodes + "],\"connections\":[" + connections + "]}");
        long start = System.nanoTime();
        LayoutResult result = layout.layout(g);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(n, result.nodesRepositioned());
        assertTrue(millis < 5_000, "layout of " + n + " nodes took " + millis + " ms");
        assertNotEquals(result.graph().nodes().get(0).position(), result.graph().nodes().get(1).position());
    }
}
