package io.mgw.controlplane.workflow.graph;

import io.micronaut.context.annotation.Factory;
import io.mgw.adapters.contract.workflow.NodeCatalog;
import jakarta.inject.Singleton;

/** The node catalog and the graph tools built on it, as beans. */
@Factory
public class GraphFactory {

    @Singleton
    NodeCatalog nodeCatalog() {
        return NodeCatalog.builtIn();
    }

    @Singleton
    GraphValidator graphValidator(NodeCatalog catalog) {
        return new GraphValidator(catalog);
    }

    @Singleton
    LayeredLayout layeredLayout() {
        return new LayeredLayout();
    }

    @Singleton
    ScopeComputer scopeComputer(NodeCatalog catalog) {
        return new ScopeComputer(catalog);
    }

    @Singleton
    NodePlacement nodePlacement() {
        return new NodePlacement();
    }

    @Singleton
    WorkflowTemplates workflowTemplates(NodeCatalog catalog) {
        return WorkflowTemplates.load(catalog);
    }
}
