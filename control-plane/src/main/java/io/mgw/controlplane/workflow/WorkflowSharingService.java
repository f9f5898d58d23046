package io.mgw.controlplane.workflow;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import io.mgw.adapters.contract.Ids;
import io.mgw.controlplane.account.UserRepository;
import io.mgw.controlplane.auth.Caller;
import io.mgw.controlplane.auth.Scope;
import io.mgw.controlplane.error.ApiException;
import io.mgw.controlplane.workflow.WorkflowViews.Share;
import io.mgw.controlplane.workflow.WorkflowViews.Shared;
import io.mgw.controlplane.workflow.WorkflowViews.Shares;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Sharing a workflow with users of its organization. */
@Singleton
public class WorkflowSharingService {

    private final WorkflowAccess access;
    private final WorkflowShareRepository shares;
    private final UserRepository users;
    private final Clock clock;

    public WorkflowSharingService(WorkflowAccess access, WorkflowShareRepository shares, UserRepository users,
                                  Clock clock) {
        this.access = access;
        this.shares = shares;
        this.users = users;
        this.clock = clock;
    }

    public Shares list(Caller caller, String workflowId) {
        Workflow workflow = access.read(caller, workflowId, Scope.WORKFLOWS_READ);
        return new Shares(workflow.id(), shares.listOf(workflow.id()).stream()
                .map(share -> new Share(share.userId(), share.sharedAt())).toList());
    }

    @Transactional
    public Shared share(Caller caller, String workflowId, @Nullable String userId) {
        WorkflowAccess.requireWellFormed(workflowId);
        if (userId == null || userId.isBlank()) {
            throw ApiException.invalidField("userId", "userId is required");
        }
        if (!Ids.wellFormed(userId)) {
            throw ApiException.invalidField("userId", "userId is not a valid id");
        }
        Workflow workflow = access.administer(caller, workflowId, Scope.WORKFLOWS_WRITE);
        if (userId.equals(workflow.ownerId())) {
            throw ApiException.invalidField("userId", "the workflow's owner already has access");
        }
        // Users of other organizations are as unknown as users that do not exist.
        users.findByIdAndOrganizationIdAndDeletedAtIsNull(userId, caller.organizationId())
                .orElseThrow(() -> ApiException.notFound("user", userId));
        shares.share(workflow.id(), userId, caller.userId(), clock.instant());
        return new Shared("Workflow shared successfully", workflow.id(), userId);
    }

    @Transactional
    public void unshare(Caller caller, String workflowId, String userId) {
        WorkflowAccess.requireWellFormed(workflowId);
        if (!Ids.wellFormed(userId)) {
            throw ApiException.invalidField("subId", "not a valid user id");
        }
        Workflow workflow = access.administer(caller, workflowId, Scope.WORKFLOWS_WRITE);
        if (shares.unshare(workflow.id(), userId) == 0) {
            throw ApiException.notFound("share with user", userId);
        }
    }
}
