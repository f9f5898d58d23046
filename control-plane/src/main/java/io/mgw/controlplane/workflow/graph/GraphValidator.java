package io.mgw.controlplane.workflow.graph;

import io.mgw.adapters.contract.workflow.GraphConnection;
import io.mgw.adapters.contract.workflow.GraphNode;
import io.mgw.adapters.contract.workflow.NodeCatalog;
import io.mgw.adapters.contract.workflow.NodeType;
import io.mgw.adapters.contract.workflow.WorkflowGraph;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks a workflow graph against the node catalog (workflows-api.txt, validate).
 *
 * <p>Errors: {@code empty-workflow}, {@code unknown-node-type}, {@code broken-connection} (missing node or undeclared
 * port), and for batch workflows {@code cycle}: the batch engine runs DAGs, while streaming workflows may loop (a DTMF
 * menu that replays its prompt on an invalid digit). Warnings: {@code disconnected-node}, {@code missing-config},
 * and for batch workflows {@code no-trigger}. Findings come in node order, then connection order. Thread-safe.
 */
public final class GraphValidator {

    /** The workflow type whose graphs run in the streaming engine; anything else (and {@code null}) is batch. */
    public static final String STREAMING = "streaming";

    private final NodeCatalog catalog;

    public GraphValidator(NodeCatalog catalog) {
        this.catalog = catalog;
    }

    /** Validates {@code graph} as a workflow of {@code workflowType} ({@code batch} or {@code streaming}). */
    public ValidationReport validate(WorkflowGraph graph, String workflowType) {
        boolean streaming = STREAMING.equalsIgnoreCase(workflowType);
        List<Issue> errors = new ArrayList<>();
        List<Issue> warnings = new ArrayList<>();
        Map<String, GraphNode> nodes = new LinkedHashMap<>();
        graph.nodes().forEach(n -> nodes.putIfAbsent(n.id(), n));

        if (graph.nodes().isEmpty()) {
            errors.add(new Issue(Issue.EMPTY_WORKFLOW, "Workflow has no nodes", null, null));
        }
        for (GraphNode node : graph.nodes()) {
            Optional<NodeType> type = catalog.find(node.type());
            if (type.isEmpty()) {
                errors.add(new Issue(Issue.UNKNOWN_NODE_TYPE,
                        "Node \"" + node.displayName() + "\" has unknown type \"" + node.type() + "\"", node.id(), null));
            } else if (!type.get().missingConfig(node.config()).isEmpty()) {
                warnings.add(new Issue(Issue.MISSING_CONFIG,
                        "Node \"" + node.displayName() + "\" (" + node.type() + ") needs configuration", node.id(), null));
            }
        }
        for (GraphConnection c : graph.connections()) {
            brokenEnd(c, nodes.get(c.source()), c.source(), c.sourcePort(), true).ifPresent(errors::add);
            brokenEnd(c, nodes.get(c.target()), c.target(), c.targetPort(), false).ifPresent(errors::add);
        }
        if (graph.nodes().size() > 1) {
            Set<String> linked = new HashSet<>();
            for (GraphConnection c : graph.connections()) {
                linked.add(c.source());
                linked.add(c.target());
            }
            for (GraphNode node : graph.nodes()) {
                if (!linked.contains(node.id())) {
                    warnings.add(new Issue(Issue.DISCONNECTED_NODE,
                            "Node \"" + node.displayName() + "\" (" + node.type() + ") is not connected to any other node",
                            node.id(), null));
                }
            }
        }
        if (!streaming && !graph.nodes().isEmpty()
                && graph.nodes().stream().noneMatch(n -> catalog.isTrigger(n.type()))) {
            warnings.add(new Issue(Issue.NO_TRIGGER, "Workflow has no trigger node", null, null));
        }
        if (!streaming) {
            for (List<String> cycle : cycles(nodes.keySet(), graph.connections())) {
                errors.add(new Issue(Issue.CYCLE, "Connections form a cycle through " + String.join(", ", cycle)
                        + " (batch workflows must be acyclic)", cycle.get(0), null));
            }
        }
        return new ValidationReport(errors.isEmpty(), errors, warnings, graph.nodes().size(), graph.connections().size());
    }

    private Optional<Issue> brokenEnd(GraphConnection c, GraphNode node, String nodeId, String port, boolean source) {
        String end = source ? "source" : "target";
        if (node == null) {
            return Optional.of(new Issue(Issue.BROKEN_CONNECTION,
                    "Connection " + c.id() + " references a missing " + end + " node \"" + nodeId + "\"", null, c.id()));
        }
        Optional<NodeType> type = catalog.find(node.type());
        if (type.isEmpty()) {
            return Optional.empty(); // already reported as unknown-node-type; its ports are unknown
        }
        boolean declared = source ? type.get().hasOutput(port) : type.get().hasInput(port);
        if (declared) {
            return Optional.empty();
        }
        List<String> ports = source ? type.get().ports().outputs() : type.get().ports().inputs();
        return Optional.of(new Issue(Issue.BROKEN_CONNECTION,
                "Connection " + c.id() + ": node \"" + node.displayName() + "\" (" + node.type() + ") has no "
                        + (source ? "output" : "input") + " port \"" + port + "\""
                        + (ports.isEmpty() ? "" : " (ports: " + String.join(", ", ports) + ")"),
                node.id(), c.id()));
    }

    /**
     * The cycles of the graph as strongly connected components with more than one node, or one node with a
     * self-connection (Tarjan, iterative); each cycle's node ids sorted, cycles ordered by their smallest id.
     */
    static List<List<String>> cycles(Set<String> nodeIds, List<GraphConnection> connections) {
        Map<String, List<String>> successors = new TreeMap<>();
        nodeIds.forEach(id -> successors.put(id, new ArrayList<>()));
        Set<String> selfLoops = new HashSet<>();
        for (GraphConnection c : connections) {
            if (successors.containsKey(c.source()) && successors.containsKey(c.target())) {
                successors.get(c.source()).add(c.target());
                if (c.source().equals(c.target())) {
                    selfLoops.add(c.source());
                }
            }
        }
        successors.values().forEach(list -> list.sort(null));

        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<List<String>> result = new ArrayList<>();
        int counter = 0;
        for (String root : successors.keySet()) {
            if (index.containsKey(root)) {
                continue;
            }
            Deque<Object[]> work = new ArrayDeque<>(); // {node, next successor position}
            work.push(new Object[] {root, 0});
            index.put(root, counter);
            low.put(root, counter++);
            stack.push(root);
            onStack.add(root);
            while (!work.isEmpty()) {
                Object[] frame = work.peek();
                String v = (String) frame[0];
                int i = (Integer) frame[1];
                List<String> next = successors.get(v);
                if (i < next.size()) {
                    frame[1] = i + 1;
                    String w = next.get(i);
                    if (!index.containsKey(w)) {
                        index.put(w, counter);
                        low.put(w, counter++);
                        stack.push(w);
                        onStack.add(w);
                        work.push(new Object[] {w, 0});
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    String parent = (String) work.peek()[0];
                    low.put(parent, Math.min(low.get(parent), low.get(v)));
                }
                if (low.get(v).equals(index.get(v))) {
                    Set<String> component = new HashSet<>();
                    String w;
                    do {
                        w = stack.pop();
                        onStack.remove(w);
                        component.add(w);
                    } while (!w.equals(v));
                    if (component.size() > 1 || selfLoops.contains(v)) {
                        result.add(component.stream().sorted().toList());
                    }
                }
            }
        }
        result.sort((a, b) -> a.get(0).compareTo(b.get(0)));
        return result;
    }
}
