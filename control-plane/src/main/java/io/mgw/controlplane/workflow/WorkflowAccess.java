package io.mgw.controlplane.workflow;

import io.mgw.adapters.contract.Ids;
import io.mgw.controlplane.auth.Caller;
import io.mgw.controlplane.auth.Scope;
import io.mgw.controlplane.error.ApiException;
import jakarta.inject.Singleton;

/**
 * Loads a workflow for a caller in DESIGN.md's order: malformed id (400), missing scope (403), not visible or
 * in another organization (404), then what the caller may do with it (403).
 */
@Singleton
public class WorkflowAccess {

    private final WorkflowQueries queries;
    private final WorkflowShareRepository shares;

    public WorkflowAccess(WorkflowQueries queries, WorkflowShareRepository shares) {
        this.queries = queries;
        this.shares = shares;
    }

    /** A visible workflow, for reading. */
    public Workflow read(Caller caller, String id, Scope scope) {
        requireWellFormed(id);
        caller.requireScope(scope);
        return queries.findVisible(caller, id).orElseThrow(() -> ApiException.notFound("workflow", id));
    }

    /** A workflow the caller owns or that is shared with them, for changing. */
    public Workflow write(Caller caller, String id, Scope scope) {
        Workflow workflow = read(caller, id, scope);
        if (!caller.userId().equals(workflow.ownerId())
                && !shares.isShared(workflow.id(), caller.userId())) {
            throw ApiException.forbidden("workflow " + id + " is visible to you but not shared with you for editing");
        }
        return workflow;
    }

    /** A workflow the caller owns, or any of the organization's with the admin scope: for deleting and sharing. */
    public Workflow administer(Caller caller, String id, Scope scope) {
        Workflow workflow = read(caller, id, scope);
        if (!caller.userId().equals(workflow.ownerId()) && !caller.hasScope(Scope.ADMIN)) {
            throw ApiException.forbidden("only the owner of workflow " + id + " or an admin may do this");
        }
        return workflow;
    }

    public static void requireWellFormed(String id) {
        if (!Ids.wellFormed(id)) {
            throw ApiException.invalidField("id", "not a valid workflow id");
        }
    }
}
