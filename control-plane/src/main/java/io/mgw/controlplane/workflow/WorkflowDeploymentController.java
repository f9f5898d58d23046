package io.mgw.controlplane.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.mgw.controlplane.auth.Caller;
import io.mgw.controlplane.workflow.AnalysisViews.Discovered;
import io.mgw.controlplane.workflow.DeploymentViews.Deployed;
import io.mgw.controlplane.workflow.DeploymentViews.Lifecycle;
import io.mgw.controlplane.workflow.DeploymentViews.LifecycleUpdated;
import io.mgw.controlplane.workflow.DeploymentViews.Scaled;
import java.util.List;

/** {@code /api/v1/workflows/{id}/deploy|undeploy (?env=)|stop|start|lifecycle} and {@code /discover}. */
@Controller("/api/v1/workflows")
@ExecuteOn(TaskExecutors.BLOCKING)
public class WorkflowDeploymentController {

    private final WorkflowDeploymentService deployments;

    public WorkflowDeploymentController(WorkflowDeploymentService deployments) {
        this.deployments = deployments;
    }

    @Get("/discover")
    public List<Discovered> discover(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @QueryValue @Nullable String appId) {
        return deployments.discover(caller, appId);
    }

    @Post("/{id}/deploy")
    public Deployed deploy(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id, @QueryValue @Nullable String env) {
        return deployments.deploy(caller, id, env);
    }

    @Post("/{id}/undeploy")
    public Deployed undeploy(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id, @QueryValue @Nullable String env) {
        return deployments.undeploy(caller, id, env);
    }

    @Post("/{id}/stop")
    public Scaled stop(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id) {
        return deployments.stop(caller, id);
    }

    @Post("/{id}/start")
    public Scaled start(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id, @Body @Nullable JsonNode body) {
        return deployments.start(caller, id, body);
    }

    @Get("/{id}/lifecycle")
    public Lifecycle lifecycle(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id) {
        return deployments.lifecycle(caller, id);
    }

    @Put("/{id}/lifecycle")
    public LifecycleUpdated setLifecycle(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id, @Body @Nullable JsonNode body) {
        return deployments.setLifecycle(caller, id, body);
    }
}
