package io.mgw.controlplane.workflow.graph;

import io.mgw.adapters.contract.workflow.GraphNode;
import io.mgw.adapters.contract.workflow.NodeCatalog;
import io.mgw.adapters.contract.workflow.NodeType;
import io.mgw.adapters.contract.workflow.ScopeTemplate;
import io.mgw.adapters.contract.workflow.WorkflowGraph;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The compute-scopes result: each node's catalog scope templates rendered with its config
 * (e.g. {@code datasources:read:ds_001}), sorted and de-duplicated. A template whose config value is missing
 * (or a URL without a host) is skipped; nodes of unknown types contribute nothing. Thread-safe.
 */
public final class ScopeComputer {

    private final Map<String, List<ScopeTemplate>> templates;

    public ScopeComputer(NodeCatalog catalog) {
        this.templates = catalog.all().stream().collect(Collectors.toUnmodifiableMap(
                NodeType::id, t -> t.scopes().stream().map(ScopeTemplate::parse).toList()));
    }

    public List<String> compute(WorkflowGraph graph) {
        TreeSet<String> scopes = new TreeSet<>();
        for (GraphNode node : graph.nodes()) {
            for (ScopeTemplate template : templates.getOrDefault(node.type(), List.of())) {
                template.render(node.config()).ifPresent(scopes::add);
            }
        }
        return List.copyOf(scopes);
    }
}
