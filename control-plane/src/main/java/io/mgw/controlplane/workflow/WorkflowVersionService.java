package io.mgw.controlplane.workflow;

import io.micronaut.transaction.annotation.Transactional;
import io.mgw.adapters.contract.Ids;
import io.mgw.controlplane.auth.Caller;
import io.mgw.controlplane.auth.Scope;
import io.mgw.controlplane.error.ApiException;
import io.mgw.controlplane.workflow.WorkflowRequests.CreateVersion;
import io.mgw.controlplane.workflow.WorkflowViews.VersionCreated;
import io.mgw.controlplane.workflow.WorkflowViews.VersionView;
import io.mgw.controlplane.workflow.WorkflowViews.Versions;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;

/** Version snapshots of a workflow's graph. The workflow's {@code version} is its newest snapshot's number. */
@Singleton
public class WorkflowVersionService {

    private static final int MAX_TAG_LENGTH = 64;

    private final WorkflowAccess access;
    private final WorkflowRepository workflows;
    private final WorkflowVersionRepository versions;
    private final Clock clock;

    public WorkflowVersionService(WorkflowAccess access, WorkflowRepository workflows,
                                  WorkflowVersionRepository versions, Clock clock) {
        this.access = access;
        this.workflows = workflows;
        this.versions = versions;
        this.clock = clock;
    }

    public Versions list(Caller caller, String workflowId) {
        Workflow workflow = access.read(caller, workflowId, Scope.WORKFLOWS_READ);
        return new Versions(workflow.id(), workflow.version(), versions.findByWorkflowIdOrderByVersion(workflow.id())
                .stream().map(v -> new VersionView(v.version(), v.versionTag(), v.description(), v.createdBy(),
                        v.createdAt())).toList());
    }

    @Transactional
    public VersionCreated create(Caller caller, String workflowId, CreateVersion request) {
        WorkflowAccess.requireWellFormed(workflowId);
        String tag = request == null || request.versionTag() == null ? "" : request.versionTag().trim();
        if (tag.isEmpty() || tag.length() > MAX_TAG_LENGTH) {
            throw ApiException.invalidField("versionTag", "versionTag is required (1-" + MAX_TAG_LENGTH + " characters)");
        }
        String description = request.description();
        if (description != null && description.length() > WorkflowInput.MAX_DESCRIPTION_LENGTH) {
            throw ApiException.invalidField("description", "description must be at most "
                    + WorkflowInput.MAX_DESCRIPTION_LENGTH + " characters");
        }
        Workflow workflow = access.write(caller, workflowId, Scope.WORKFLOWS_WRITE);
        int number = versions.latestVersion(workflow.id()) + 1;
        Instant now = clock.instant();
        versions.save(new WorkflowVersion(Ids.newId("ver"), workflow.id(), number, tag, description,
                workflow.nodes(), workflow.connections(), workflow.config(), workflow.settings(), caller.userId(), now));
        if (number > workflow.version()) {
            workflows.update(workflow.withVersion(number, now));
        }
        return new VersionCreated(workflow.id(), number, tag);
    }
}
