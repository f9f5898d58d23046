package io.mgw.controlplane.account;

import io.mgw.adapters.contract.Ids;
import io.mgw.controlplane.account.AccountViews.CreateWorkspaceRequest;
import io.mgw.controlplane.account.AccountViews.WorkspaceView;
import io.mgw.controlplane.auth.Caller;
import io.mgw.controlplane.auth.Scope;
import io.mgw.controlplane.common.ListPage;
import io.mgw.controlplane.common.PageRequest;
import io.mgw.controlplane.error.ApiException;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;

/**
 * Workspaces of the caller's organization: the {@code workspaceId} of the flow stream's URL and of every workflow.
 * Creating one takes {@code admin} (it shapes the organization, like users); reading takes {@code workflows:read}.
 */
@Singleton
public class WorkspaceService {

    private static final int MAX_NAME_LENGTH = 100;

    private final WorkspaceRepository workspaces;
    private final Clock clock;

    public WorkspaceService(WorkspaceRepository workspaces, Clock clock) {
        this.workspaces = workspaces;
        this.clock = clock;
    }

    public WorkspaceView create(Caller caller, @Nullable CreateWorkspaceRequest request) {
        if (request == null) {
            throw ApiException.badRequest("request body is required");
        }
        String name = request.name() == null ? "" : request.name().trim();
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw ApiException.invalidField("name", "name is required, at most " + MAX_NAME_LENGTH + " characters");
        }
        caller.requireScope(Scope.ADMIN);
        if (workspaces.nameTaken(caller.organizationId(), name)) {
            throw ApiException.conflict("a workspace named " + name + " already exists in this organization");
        }
        Instant now = clock.instant();
        return WorkspaceView.of(workspaces.save(new Workspace(Ids.newId("ws"), caller.organizationId(), name, false,
                now, now)));
    }

    public ListPage<WorkspaceView> list(Caller caller, PageRequest page) {
        caller.requireScope(Scope.WORKFLOWS_READ);
        return ListPage.of(workspaces.countByOrganizationId(caller.organizationId()), page,
                workspaces.list(caller.organizationId(), page.limit(), page.offset()).stream().map(WorkspaceView::of)
                        .toList());
    }

    public WorkspaceView get(Caller caller, String id) {
        return WorkspaceView.of(find(caller, id, Scope.WORKFLOWS_READ));
    }

    /** The caller's organization's workspace {@code id}: 400 malformed, 403 without {@code scope}, 404 otherwise. */
    public Workspace find(Caller caller, String id, Scope scope) {
        if (!Ids.wellFormed(id)) {
            throw ApiException.invalidField("workspaceId", "not a valid workspace id");
        }
        caller.requireScope(scope);
        return workspaces.findByIdAndOrganizationId(id, caller.organizationId())
                .orElseThrow(() -> ApiException.notFound("workspace", id));
    }
}
