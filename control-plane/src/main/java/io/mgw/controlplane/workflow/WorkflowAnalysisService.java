package io.mgw.controlplane.workflow;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import io.mgw.adapters.contract.workflow.NodeCatalog;
import io.mgw.adapters.contract.workflow.WorkflowGraph;
import io.mgw.controlplane.auth.Caller;
import io.mgw.controlplane.auth.Scope;
import io.mgw.controlplane.workflow.AnalysisViews.Layout;
import io.mgw.controlplane.workflow.AnalysisViews.Scopes;
import io.mgw.controlplane.workflow.AnalysisViews.Templates;
import io.mgw.controlplane.workflow.AnalysisViews.Validation;
import io.mgw.controlplane.workflow.graph.GraphValidator;
import io.mgw.controlplane.workflow.graph.LayeredLayout;
import io.mgw.controlplane.workflow.graph.LayoutResult;
import io.mgw.controlplane.workflow.graph.ScopeComputer;
import io.mgw.controlplane.workflow.graph.ValidationReport;
import io.mgw.controlplane.workflow.graph.WorkflowTemplates;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/** Validate, layout and compute-scopes over a stored graph, and the built-in templates. */
@Singleton
public class WorkflowAnalysisService {

    private final WorkflowAccess access;
    private final WorkflowRepository workflows;
    private final GraphValidator validator;
    private final LayeredLayout layout;
    private final ScopeComputer scopes;
    private final WorkflowTemplates templates;
    private final Clock clock;

    public WorkflowAnalysisService(WorkflowAccess access, WorkflowRepository workflows, GraphValidator validator,
                                   LayeredLayout layout, ScopeComputer scopes, WorkflowTemplates templates,
                                   Clock clock) {
        this.access = access;
        this.workflows = workflows;
        this.validator = validator;
        this.layout = layout;
        this.scopes = scopes;
        this.templates = templates;
        this.clock = clock;
    }

    public Validation validate(Caller caller, String workflowId) {
        Workflow workflow = access.read(caller, workflowId, Scope.WORKFLOWS_READ);
        ValidationReport report = validator.validate(WorkflowInput.graphOf(workflow), workflow.workflowType());
        return new Validation(workflow.id(), report.valid(), report.errors(), report.warnings(), report.nodeCount(),
                report.connectionCount());
    }

    @Transactional
    public Layout layout(Caller caller, String workflowId) {
        Workflow workflow = access.write(caller, workflowId, Scope.WORKFLOWS_WRITE);
        LayoutResult result = layout.layout(WorkflowInput.graphOf(workflow));
        if (result.changed()) {
            workflows.update(WorkflowInput.withGraph(workflow, result.graph(), clock.instant()));
        }
        return new Layout(workflow.id(), result.changed(), result.nodesRepositioned());
    }

    @Transactional
    public Scopes computeScopes(Caller caller, String workflowId) {
        Workflow workflow = access.write(caller, workflowId, Scope.WORKFLOWS_WRITE);
        List<String> computed = scopes.compute(WorkflowInput.graphOf(workflow));
        workflows.update(workflow.withScopes(computed.toArray(String[]::new), clock.instant()));
        return new Scopes(workflow.id(), computed);
    }

    public Templates templates(Caller caller) {
        caller.requireScope(Scope.WORKFLOWS_READ);
        return new Templates(templates.all().size(), templates.all().stream().map(WorkflowTemplates::toJson).toList());
    }
}
