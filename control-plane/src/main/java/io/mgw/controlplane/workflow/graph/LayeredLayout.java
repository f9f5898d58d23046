package io.mgw.controlplane.workflow.graph;

import io.mgw.adapters.contract.workflow.GraphConnection;
import io.mgw.adapters.contract.workflow.GraphNode;
import io.mgw.adapters.contract.workflow.Position;
import io.mgw.adapters.contract.workflow.WorkflowGraph;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Left-to-right layered (Sugiyama-style) layout of a workflow graph, deterministic for a given graph.
 *
 * <ol>
 *   <li>Cycles are tolerated: a depth-first search (sources first, then remaining nodes, each in id order) finds
 *       back edges, which are reversed for layout purposes only.</li>
 *   <li>Longest-path layering from the sources: a node's layer is one more than its furthest predecessor's; a source
 *       then moves right to the layer just before its nearest successor (so a model feeding an agent sits next to it).</li>
 *   <li>Edges spanning several layers get dummy nodes, so crossing reduction sees them.</li>
 *   <li>Order within a layer: barycenter sweeps down and up ({@value #SWEEPS} rounds), ties broken by node id;
 *       the ordering with the fewest crossings seen is kept.</li>
 *   <li>Coordinates: layer {@code l}, rank {@code r} (real nodes only) is placed at
 *       ({@value #ORIGIN_X} + l * {@value #LAYER_SPACING}, {@value #ORIGIN_Y} + r * {@value #NODE_SPACING}),
 *       each layer centred on the tallest one.</li>
 * </ol>
 * Connections to missing nodes and self-connections are ignored. Thread-safe (no state).
 */
public final class LayeredLayout {

    public static final double ORIGIN_X = 100;
    public static final double ORIGIN_Y = 100;
    /** Horizontal distance between layers. */
    public static final double LAYER_SPACING = 250;
    /** Vertical distance between nodes of one layer. */
    public static final double NODE_SPACING = 150;

    static final int SWEEPS = 2;
    private static final double EPSILON = 1e-6;
    /** Dummy ids contain a character no accepted node id has, so they never collide with real ones. */
    private static final String DUMMY_MARK = "~";

    public LayoutResult layout(WorkflowGraph graph) {
        List<String> ids = graph.nodes().stream().map(GraphNode::id).sorted().distinct().toList();
        if (ids.isEmpty()) {
            return new LayoutResult(graph, false, 0);
        }
        Map<String, Set<String>> successors = acyclicSuccessors(ids, graph.connections());
        Map<String, Integer> layer = longestPathLayers(ids, successors);
        Layering layering = properLayering(ids, successors, layer);
        List<List<String>> order = reduceCrossings(layering);
        Map<String, Position> positions = coordinates(order, layering.dummies());

        List<GraphNode> nodes = new ArrayList<>(graph.nodes().size());
        int moved = 0;
        for (GraphNode node : graph.nodes()) {
            Position next = positions.get(node.id());
            if (same(node.position(), next)) {
                nodes.add(node);
            } else {
                nodes.add(node.withPosition(next));
                moved++;
            }
        }
        return moved == 0
                ? new LayoutResult(graph, false, 0)
                : new LayoutResult(new WorkflowGraph(nodes, graph.connections()), true, moved);
    }

    private static boolean same(Position a, Position b) {
        return a != null && Math.abs(a.x() - b.x()) < EPSILON && Math.abs(a.y() - b.y()) < EPSILON;
    }

    /** Successor sets (sorted) of the graph with self-connections dropped and DFS back edges reversed. */
    private static Map<String, Set<String>> acyclicSuccessors(List<String> ids, List<GraphConnection> connections) {
        Map<String, Set<String>> out = new TreeMap<>();
        Map<String, Integer> inDegree = new HashMap<>();
        ids.forEach(id -> {
            out.put(id, new TreeSet<>());
            inDegree.put(id, 0);
        });
        for (GraphConnection c : connections) {
            if (out.containsKey(c.source()) && out.containsKey(c.target()) && !c.source().equals(c.target())
                    && out.get(c.source()).add(c.target())) {
                inDegree.merge(c.target(), 1, Integer::sum);
            }
        }
        List<String> roots = new ArrayList<>(ids.stream().filter(id -> inDegree.get(id) == 0).toList());
        ids.stream().filter(id -> inDegree.get(id) > 0).forEach(roots::add);

        Map<String, Integer> state = new HashMap<>(); // absent: unvisited, 1: on the DFS path, 2: done
        List<String[]> backEdges = new ArrayList<>();
        for (String root : roots) {
            if (state.containsKey(root)) {
                continue;
            }
            Deque<Map.Entry<String, java.util.Iterator<String>>> path = new ArrayDeque<>();
            state.put(root, 1);
            path.push(Map.entry(root, out.get(root).iterator()));
            while (!path.isEmpty()) {
                Map.Entry<String, java.util.Iterator<String>> top = path.peek();
                if (!top.getValue().hasNext()) {
                    state.put(top.getKey(), 2);
                    path.pop();
                    continue;
                }
                String next = top.getValue().next();
                Integer s = state.get(next);
                if (s == null) {
                    state.put(next, 1);
                    path.push(Map.entry(next, out.get(next).iterator()));
                } else if (s == 1) {
                    backEdges.add(new String[] {top.getKey(), next});
                }
            }
        }
        for (String[] edge : backEdges) {
            out.get(edge[0]).remove(edge[1]);
            out.get(edge[1]).add(edge[0]);
        }
        return out;
    }

    /**
     * Longest path from the sources (Kahn's algorithm, ids in order so the result never depends on input order), then
     * each source moved to the layer just before its nearest successor.
     */
    private static Map<String, Integer> longestPathLayers(List<String> ids, Map<String, Set<String>> successors) {
        Map<String, Integer> inDegree = new HashMap<>();
        ids.forEach(id -> inDegree.put(id, 0));
        successors.values().forEach(targets -> targets.forEach(t -> inDegree.merge(t, 1, Integer::sum)));
        Map<String, Integer> layer = new HashMap<>();
        PriorityQueue<String> ready = new PriorityQueue<>();
        ids.stream().filter(id -> inDegree.get(id) == 0).forEach(ready::add);
        ids.forEach(id -> layer.put(id, 0));
        Set<String> sources = new TreeSet<>(ready);
        while (!ready.isEmpty()) {
            String v = ready.poll();
            for (String w : successors.get(v)) {
                layer.put(w, Math.max(layer.get(w), layer.get(v) + 1));
                if (inDegree.merge(w, -1, Integer::sum) == 0) {
                    ready.add(w);
                }
            }
        }
        // a source that only feeds a deep node (a model wired to an agent's ai port) sits right before it
        for (String source : sources) {
            successors.get(source).stream().mapToInt(layer::get).min()
                    .ifPresent(nearest -> layer.put(source, nearest - 1));
        }
        return layer;
    }

    /** Layers holding real and dummy nodes, with edges only between adjacent layers. */
    private record Layering(List<List<String>> layers, Map<String, List<String>> up, Map<String, List<String>> down,
                            Set<String> dummies) {
    }

    private static Layering properLayering(List<String> ids, Map<String, Set<String>> successors, Map<String, Integer> layer) {
        int depth = ids.stream().mapToInt(layer::get).max().orElse(0) + 1;
        List<List<String>> layers = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            layers.add(new ArrayList<>());
        }
        Map<String, List<String>> up = new HashMap<>();
        Map<String, List<String>> down = new HashMap<>();
        Set<String> dummies = new LinkedHashSet<>();
        for (String id : ids) {
            layers.get(layer.get(id)).add(id);
            up.put(id, new ArrayList<>());
            down.put(id, new ArrayList<>());
        }
        for (String u : ids) {
            for (String v : successors.get(u)) {
                String previous = u;
                for (int l = layer.get(u) + 1; l < layer.get(v); l++) {
                    String dummy = DUMMY_MARK + u + DUMMY_MARK + v + DUMMY_MARK + l;
                    dummies.add(dummy);
                    layers.get(l).add(dummy);
                    up.put(dummy, new ArrayList<>());
                    down.put(dummy, new ArrayList<>());
                    link(previous, dummy, up, down);
                    previous = dummy;
                }
                link(previous, v, up, down);
            }
        }
        layers.forEach(l -> l.sort(null));
        return new Layering(layers, up, down, dummies);
    }

    private static void link(String from, String to, Map<String, List<String>> up, Map<String, List<String>> down) {
        down.get(from).add(to);
        up.get(to).add(from);
    }

    /** Barycenter sweeps, keeping the ordering with the fewest crossings (the first one on ties). */
    private static List<List<String>> reduceCrossings(Layering layering) {
        List<List<String>> order = new ArrayList<>();
        layering.layers().forEach(l -> order.add(new ArrayList<>(l)));
        List<List<String>> best = copy(order);
        long bestCrossings = crossings(order, layering.down());
        for (int round = 0; round < SWEEPS && bestCrossings > 0; round++) {
            for (int l = 1; l < order.size(); l++) {
                reorder(order.get(l), order.get(l - 1), layering.up());
            }
            bestCrossings = keepBest(order, layering, best, bestCrossings);
            for (int l = order.size() - 2; l >= 0; l--) {
                reorder(order.get(l), order.get(l + 1), layering.down());
            }
            bestCrossings = keepBest(order, layering, best, bestCrossings);
        }
        return best;
    }

    private static long keepBest(List<List<String>> order, Layering layering, List<List<String>> best, long bestCrossings) {
        long now = crossings(order, layering.down());
        if (now < bestCrossings) {
            best.clear();
            best.addAll(copy(order));
            return now;
        }
        return bestCrossings;
    }

    /** Sorts {@code layer} by the mean rank of its neighbours in {@code fixed}; nodes without any keep their rank. */
    private static void reorder(List<String> layer, List<String> fixed, Map<String, List<String>> neighbours) {
        Map<String, Integer> rank = ranks(fixed);
        Map<String, Double> barycenter = new HashMap<>();
        for (int i = 0; i < layer.size(); i++) {
            String v = layer.get(i);
            List<String> ns = neighbours.get(v);
            barycenter.put(v, ns.isEmpty() ? i : ns.stream().mapToInt(rank::get).average().orElse(i));
        }
        layer.sort(Comparator.comparingDouble((String v) -> barycenter.get(v)).thenComparing(Comparator.naturalOrder()));
    }

    /** Edge crossings between all adjacent layers: inversions of target ranks when edges are sorted by source rank. */
    private static long crossings(List<List<String>> order, Map<String, List<String>> down) {
        long total = 0;
        for (int l = 0; l + 1 < order.size(); l++) {
            Map<String, Integer> targetRank = ranks(order.get(l + 1));
            List<Integer> targets = new ArrayList<>();
            for (String u : order.get(l)) {
                down.get(u).stream().map(targetRank::get).sorted().forEach(targets::add);
            }
            long[] tree = new long[order.get(l + 1).size() + 1]; // Fenwick tree over target ranks
            for (int i = targets.size() - 1; i >= 0; i--) {
                int r = targets.get(i);
                for (int j = r; j > 0; j -= j & -j) {
                    total += tree[j]; // later edges ending strictly above this one's target
                }
                for (int j = r + 1; j < tree.length; j += j & -j) {
                    tree[j]++;
                }
            }
        }
        return total;
    }

    private static Map<String, Position> coordinates(List<List<String>> order, Set<String> dummies) {
        int tallest = order.stream().mapToInt(l -> (int) l.stream().filter(v -> !dummies.contains(v)).count()).max().orElse(0);
        Map<String, Position> positions = new HashMap<>();
        for (int l = 0; l < order.size(); l++) {
            List<String> real = order.get(l).stream().filter(v -> !dummies.contains(v)).toList();
            double offset = (tallest - real.size()) / 2.0;
            for (int r = 0; r < real.size(); r++) {
                positions.put(real.get(r), new Position(ORIGIN_X + l * LAYER_SPACING, ORIGIN_Y + (r + offset) * NODE_SPACING));
            }
        }
        return positions;
    }

    private static Map<String, Integer> ranks(List<String> layer) {
        Map<String, Integer> rank = new HashMap<>();
        for (int i = 0; i < layer.size(); i++) {
            rank.put(layer.get(i), i);
        }
        return rank;
    }

    private static List<List<String>> copy(List<List<String>> order) {
        List<List<String>> out = new ArrayList<>();
        order.forEach(l -> out.add(new ArrayList<>(l)));
        return out;
    }
}
