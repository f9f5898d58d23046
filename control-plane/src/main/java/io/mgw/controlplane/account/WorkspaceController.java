package io.mgw.controlplane.account;

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
import io.mgw.controlplane.account.AccountViews.CreateWorkspaceRequest;
import io.mgw.controlplane.account.AccountViews.WorkspaceView;
import io.mgw.controlplane.auth.Caller;
import io.mgw.controlplane.common.ListPage;
import io.mgw.controlplane.common.PageRequest;

/** {@code /api/v1/workspaces}: create, list and get the workspaces of the caller's organization. */
@Controller("/api/v1/workspaces")
@ExecuteOn(TaskExecutors.BLOCKING)
public class WorkspaceController {

    private final WorkspaceService workspaces;

    public WorkspaceController(WorkspaceService workspaces) {
        this.workspaces = workspaces;
    }

    @Post
    public HttpResponse<WorkspaceView> create(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
                                              @Body @Nullable CreateWorkspaceRequest request) {
        return HttpResponse.created(workspaces.create(caller, request));
    }

    @Get
    public ListPage<WorkspaceView> list(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @QueryValue @Nullable String limit,
                                        @QueryValue @Nullable String offset) {
        return workspaces.list(caller, PageRequest.of(limit, offset, 50));
    }

    @Get("/{id}")
    public WorkspaceView get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id) {
        return workspaces.get(caller, id);
    }
}
