package io.mgw.controlplane.workflow;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.mgw.controlplane.auth.Caller;
import io.mgw.controlplane.workflow.WorkflowRequests.CreateVersion;
import io.mgw.controlplane.workflow.WorkflowRequests.CreateWorkflow;
import io.mgw.controlplane.workflow.WorkflowRequests.ShareRequest;
import io.mgw.controlplane.workflow.WorkflowRequests.UpdateStatus;
import io.mgw.controlplane.workflow.WorkflowRequests.UpdateWorkflow;
import io.mgw.controlplane.workflow.WorkflowViews.Shared;
import io.mgw.controlplane.workflow.WorkflowViews.Shares;
import io.mgw.controlplane.workflow.WorkflowViews.VersionCreated;
import io.mgw.controlplane.workflow.WorkflowViews.Versions;
import io.mgw.controlplane.workflow.WorkflowViews.WorkflowCreated;
import io.mgw.controlplane.workflow.WorkflowViews.WorkflowList;
import io.mgw.controlplane.workflow.WorkflowViews.WorkflowStats;
import io.mgw.controlplane.workflow.WorkflowViews.WorkflowView;

/** {@code /api/v1/workflows}: CRUD, lists, status, sharing and versions. */
@Controller("/api/v1/workflows")
@ExecuteOn(TaskExecutors.BLOCKING)
public class WorkflowController {

    private final WorkflowService workflows;
    private final WorkflowSharingService sharing;
    private final WorkflowVersionService versions;

    public WorkflowController(WorkflowService workflows, WorkflowSharingService sharing,
                              WorkflowVersionService versions) {
        this.workflows = workflows;
        this.sharing = sharing;
        this.versions = versions;
    }

    @Get
    public WorkflowList list(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @QueryValue @Nullable String status, @QueryValue @Nullable String tag,
                             @QueryValue @Nullable String search, @QueryValue @Nullable String limit,
                             @QueryValue @Nullable String offset, @QueryValue @Nullable String sort) {
        return workflows.list(caller, status, tag, search, limit, offset, sort);
    }

    @Post
    public HttpResponse<WorkflowCreated> create(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @Body @Nullable CreateWorkflow request) {
        return HttpResponse.created(new WorkflowCreated(workflows.create(caller, request)));
    }

    @Get("/stats")
    public WorkflowStats stats(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        return workflows.stats(caller);
    }

    @Get("/{id}")
    public WorkflowView get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id) {
        return workflows.get(caller, id);
    }

    @Put("/{id}")
    public WorkflowView update(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id, @Body @Nullable UpdateWorkflow request) {
        return workflows.update(caller, id, request);
    }

    @Delete("/{id}")
    public HttpResponse<Void> delete(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id) {
        workflows.delete(caller, id);
        return HttpResponse.noContent();
    }

    @Post("/{id}/duplicate")
    public HttpResponse<WorkflowCreated> duplicate(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id) {
        return HttpResponse.created(new WorkflowCreated(workflows.duplicate(caller, id)));
    }

    @Put("/{id}/status")
    public WorkflowView status(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id, @Body @Nullable UpdateStatus request) {
        return workflows.setStatus(caller, id, request == null ? null : request.status());
    }

    @Get("/{id}/share")
    public Shares shares(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id) {
        return sharing.list(caller, id);
    }

    @Post("/{id}/share")
    public Shared share(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id, @Body @Nullable ShareRequest request) {
        return sharing.share(caller, id, request == null ? null : request.userId());
    }

    @Delete("/{id}/share/{subId}")
    public HttpResponse<Void> unshare(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id, String subId) {
        sharing.unshare(caller, id, subId);
        return HttpResponse.noContent();
    }

    @Get("/{id}/versions")
    public Versions versions(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id) {
        return versions.list(caller, id);
    }

    @Post("/{id}/versions")
    public HttpResponse<VersionCreated> createVersion(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id, @Body @Nullable CreateVersion request) {
        return HttpResponse.created(versions.create(caller, id, request));
    }
}
