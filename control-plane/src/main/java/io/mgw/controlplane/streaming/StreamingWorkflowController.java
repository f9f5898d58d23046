package io.mgw.controlplane.streaming;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.mgw.controlplane.auth.Caller;
import io.mgw.controlplane.common.ListPage;
import io.mgw.controlplane.deployment.DeploymentView;
import io.mgw.controlplane.session.SessionService;
import io.mgw.controlplane.session.SessionViews.SessionView;
import java.util.List;
import java.util.Map;

/** {@code /api/v1/streaming-workflows}: streaming workflows, their deployments and sessions. */
@Controller("/api/v1/streaming-workflows")
@ExecuteOn(TaskExecutors.BLOCKING)
public class StreamingWorkflowController {

    private final StreamingWorkflowService workflows;
    private final SessionService sessions;

    public StreamingWorkflowController(StreamingWorkflowService workflows, SessionService sessions) {
        this.workflows = workflows;
        this.sessions = sessions;
    }

    @Get
    public ListPage<StreamingWorkflowView> list(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
                                                @QueryValue @Nullable String search,
                                                @QueryValue @Nullable String status,
                                                @QueryValue @Nullable String limit,
                                                @QueryValue @Nullable String offset,
                                                @QueryValue @Nullable String sort) {
        return workflows.list(caller, search, status, limit, offset, sort);
    }

    @Get("/{id}")
    public StreamingWorkflowView get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id) {
        return workflows.get(caller, id);
    }

    @Get("/{id}/deployments")
    public List<DeploymentView> deployments(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id) {
        return workflows.deployments(caller, id);
    }

    @Get("/{id}/sessions")
    public ListPage<SessionView> sessions(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id,
                                          @QueryValue @Nullable String status, @QueryValue @Nullable String limit,
                                          @QueryValue @Nullable String offset, @QueryValue @Nullable String sort) {
        return sessions.listOfWorkflow(caller, id, status, limit, offset, sort);
    }

    @Post("/{id}/deploy")
    public HttpResponse<DeploymentView> deploy(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id,
                                               @Body @Nullable JsonNode body) {
        return HttpResponse.created(workflows.deploy(caller, id, body));
    }

    @Post("/{id}/undeploy")
    public Map<String, String> undeploy(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id) {
        return workflows.undeploy(caller, id);
    }
}
