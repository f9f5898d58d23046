package io.mgw.controlplane.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.mgw.controlplane.auth.Caller;
import io.mgw.controlplane.workflow.AnalysisViews.Layout;
import io.mgw.controlplane.workflow.AnalysisViews.Scopes;
import io.mgw.controlplane.workflow.AnalysisViews.Templates;
import io.mgw.controlplane.workflow.AnalysisViews.Validation;
import io.mgw.controlplane.workflow.GraphViews.ConnectionCreated;
import io.mgw.controlplane.workflow.GraphViews.ConnectionRemoved;
import io.mgw.controlplane.workflow.GraphViews.InputMappings;
import io.mgw.controlplane.workflow.GraphViews.NodeChanged;
import io.mgw.controlplane.workflow.GraphViews.NodeList;
import io.mgw.controlplane.workflow.GraphViews.NodeRemoved;
import io.mgw.controlplane.workflow.GraphViews.PassThroughValues;

/** {@code /api/v1/workflows/{id}/nodes|connections|validate|layout|compute-scopes} and the templates. */
@Controller("/api/v1/workflows")
@ExecuteOn(TaskExecutors.BLOCKING)
public class WorkflowGraphController {

    private final WorkflowGraphService graph;
    private final WorkflowAnalysisService analysis;

    public WorkflowGraphController(WorkflowGraphService graph, WorkflowAnalysisService analysis) {
        this.graph = graph;
        this.analysis = analysis;
    }

    @Get("/templates")
    public Templates templates(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        return analysis.templates(caller);
    }

    @Get("/{id}/nodes")
    public NodeList nodes(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id) {
        return graph.nodes(caller, id);
    }

    @Post("/{id}/nodes")
    public HttpResponse<NodeChanged> addNode(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id, @Body @Nullable JsonNode body) {
        return HttpResponse.created(graph.addNode(caller, id, body));
    }

    @Put("/{id}/nodes/{sub}")
    public NodeChanged configureNode(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id, String sub, @Body @Nullable JsonNode body) {
        return graph.configureNode(caller, id, sub, body);
    }

    @Delete("/{id}/nodes/{sub}")
    public NodeRemoved deleteNode(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id, String sub) {
        return graph.deleteNode(caller, id, sub);
    }

    @Put("/{id}/nodes/{sub}/input-mappings")
    public InputMappings inputMappings(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id, String sub, @Body @Nullable JsonNode body) {
        return graph.setInputMappings(caller, id, sub, body);
    }

    @Put("/{id}/nodes/{sub}/passthrough-values")
    public PassThroughValues passThroughValues(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id, String sub, @Body @Nullable JsonNode body) {
        return graph.setPassThroughValues(caller, id, sub, body);
    }

    @Post("/{id}/connections")
    public HttpResponse<ConnectionCreated> connect(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id, @Body @Nullable JsonNode body) {
        return HttpResponse.created(graph.connect(caller, id, body));
    }

    @Delete("/{id}/connections/{sub}")
    public ConnectionRemoved disconnect(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id, String sub) {
        return graph.disconnect(caller, id, sub);
    }

    @Post("/{id}/validate")
    public Validation validate(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id) {
        return analysis.validate(caller, id);
    }

    @Post("/{id}/layout")
    public Layout layout(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id) {
        return analysis.layout(caller, id);
    }

    @Post("/{id}/compute-scopes")
    public Scopes computeScopes(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id) {
        return analysis.computeScopes(caller, id);
    }
}
