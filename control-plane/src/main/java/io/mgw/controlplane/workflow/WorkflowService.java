package io.mgw.controlplane.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import io.mgw.adapters.contract.Ids;
import io.mgw.controlplane.account.Workspace;
import io.mgw.controlplane.account.WorkspaceRepository;
import io.mgw.controlplane.auth.Caller;
import io.mgw.controlplane.auth.Scope;
import io.mgw.controlplane.common.PageRequest;
import io.mgw.controlplane.common.SortOrder;
import io.mgw.controlplane.deployment.Deployment;
import io.mgw.controlplane.deployment.DeploymentRepository;
import io.mgw.controlplane.deployment.DeploymentService;
import io.mgw.controlplane.error.ApiException;
import io.mgw.controlplane.workflow.WorkflowRequests.CreateWorkflow;
import io.mgw.controlplane.workflow.WorkflowRequests.UpdateWorkflow;
import io.mgw.controlplane.workflow.WorkflowViews.WorkflowList;
import io.mgw.controlplane.workflow.WorkflowViews.WorkflowStats;
import io.mgw.controlplane.workflow.WorkflowViews.WorkflowSummary;
import io.mgw.controlplane.workflow.WorkflowViews.WorkflowView;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Workflow CRUD, lists, duplication, status and stats (the batch view of the workflows API). */
@Singleton
public class WorkflowService {

    /** API sort fields and their columns. */
    static final Map<String, String> SORT_COLUMNS = Map.of(
            "createdAt", "w.created_at", "updatedAt", "w.updated_at", "name", "lower(w.name)",
            "status", "w.status", "version", "w.version");
    static final int DEFAULT_LIMIT = 20;

    private final WorkflowRepository workflows;
    private final WorkflowQueries queries;
    private final WorkflowAccess access;
    private final WorkflowShareRepository shares;
    private final WorkspaceRepository workspaces;
    private final WorkflowInput input;
    private final DeploymentService deploymentService;
    private final DeploymentRepository deployments;
    private final Clock clock;

    public WorkflowService(WorkflowRepository workflows, WorkflowQueries queries, WorkflowAccess access,
                           WorkflowShareRepository shares, WorkspaceRepository workspaces, WorkflowInput input,
                           DeploymentService deploymentService, DeploymentRepository deployments, Clock clock) {
        this.workflows = workflows;
        this.deploymentService = deploymentService;
        this.deployments = deployments;
        this.queries = queries;
        this.access = access;
        this.shares = shares;
        this.workspaces = workspaces;
        this.input = input;
        this.clock = clock;
    }

    public WorkflowList list(Caller caller, @Nullable String status, @Nullable String tag, @Nullable String search,
                             @Nullable String limit, @Nullable String offset, @Nullable String sort) {
        PageRequest page = PageRequest.of(limit, offset, DEFAULT_LIMIT);
        SortOrder order = SortOrder.parse(sort, SORT_COLUMNS, "-createdAt", "w.id");
        String statusFilter = status == null || status.isBlank() ? null : WorkflowStatus.parse(status, "status").wireName();
        caller.requireScope(Scope.WORKFLOWS_READ);
        var result = queries.list(caller, new WorkflowFilter(null, statusFilter, null, blankToNull(tag),
                blankToNull(search), order, page));
        return new WorkflowList(result.count(), page.limit(), page.offset(),
                result.items().stream().map(WorkflowSummary::of).toList());
    }

    @Transactional
    public String create(Caller caller, CreateWorkflow request) {
        if (request == null) {
            throw ApiException.badRequest("request body is required");
        }
        String name = input.name(request.name(), true);
        WorkflowType type = request.workflowType() == null ? WorkflowType.BATCH : WorkflowType.parse(request.workflowType());
        WorkflowStatus status = request.status() == null ? WorkflowStatus.DRAFT
                : WorkflowStatus.parse(request.status(), "status");
        WorkflowInput.Graph graph = input.graph(request.nodes(),
                request.connections() != null ? request.connections() : request.edges(), request.edges() != null
                        && request.connections() == null ? "edges" : "connections");
        String[] tags = input.tags(request.tags());
        ObjectNode settings = input.settings(request.settings());
        ObjectNode config = input.object(request.config(), "config");
        String description = input.description(request.description());
        String appId = input.appId(request.appId());
        if (request.workspaceId() != null && !Ids.wellFormed(request.workspaceId())) {
            throw ApiException.invalidField("workspaceId", "workspaceId is not a valid id");
        }
        caller.requireScope(Scope.WORKFLOWS_WRITE);
        Workspace workspace = request.workspaceId() == null
                ? workspaces.findByOrganizationIdAndIsDefaultTrue(caller.organizationId()).orElseThrow(
                        () -> new IllegalStateException("organization " + caller.organizationId() + " has no default workspace"))
                : workspaces.findById(request.workspaceId()).filter(w -> w.organizationId().equals(caller.organizationId()))
                        .orElseThrow(() -> ApiException.notFound("workspace", request.workspaceId()));
        Instant now = clock.instant();
        Workflow workflow = workflows.save(new Workflow(Ids.newId("wf"), caller.organizationId(), workspace.id(),
                caller.userId(), name, description, type.wireName(), UUID.randomUUID(), status.wireName(),
                "undeployed", 1, graph.nodes(), graph.connections(), config, settings, tags, new String[0], null,
                appId, Boolean.TRUE.equals(request.isPublic()), false, now, now));
        return workflow.id();
    }

    public WorkflowView get(Caller caller, String id) {
        Workflow workflow = access.read(caller, id, Scope.WORKFLOWS_READ);
        return view(workflow);
    }

    WorkflowView view(Workflow workflow) {
        return WorkflowView.of(workflow, shares.userIdsOf(workflow.id()));
    }

    @Transactional
    public WorkflowView update(Caller caller, String id, UpdateWorkflow request) {
        WorkflowAccess.requireWellFormed(id);
        if (request == null) {
            throw ApiException.badRequest("request body is required");
        }
        String name = request.name() == null ? null : input.name(request.name(), true);
        JsonNode connectionsInput = request.connections() != null ? request.connections() : request.edges();
        WorkflowInput.Graph graph = request.nodes() == null && connectionsInput == null ? null
                : input.graph(request.nodes(), connectionsInput, request.connections() == null ? "edges" : "connections");
        String[] tags = request.tags() == null ? null : input.tags(request.tags());
        ObjectNode settings = request.settings() == null ? null : input.settings(request.settings());
        ObjectNode config = request.config() == null ? null : input.object(request.config(), "config");
        String description = request.description() == null ? null : input.description(request.description());
        String appId = request.appId() == null ? null : input.appId(request.appId());
        Workflow current = access.write(caller, id, Scope.WORKFLOWS_WRITE);
        // A partial graph update keeps the other half: nodes without connections keep the stored connections.
        JsonNode nodes = graph == null || request.nodes() == null ? current.nodes() : graph.nodes();
        JsonNode connections = graph == null || connectionsInput == null ? current.connections() : graph.connections();
        Workflow updated = new Workflow(current.id(), current.organizationId(), current.workspaceId(),
                current.ownerId(), name != null ? name : current.name(),
                request.description() != null ? description : current.description(), current.workflowType(),
                current.agentUuid(), current.status(), current.deploymentStatus(), current.version(), nodes,
                connections, config != null ? config : current.config(), settings != null ? settings : current.settings(),
                tags != null ? tags : current.tags(), current.scopes(), current.lifecyclePolicy(),
                request.appId() != null ? appId : current.appId(),
                request.isPublic() != null ? request.isPublic() : current.isPublic(), current.isTemplate(),
                current.createdAt(), clock.instant());
        return view(workflows.update(updated));
    }

    /** Deletes the workflow and takes down what its deployments run (their records go with the workflow's row). */
    @Transactional
    public void delete(Caller caller, String id) {
        Workflow workflow = access.administer(caller, id, Scope.WORKFLOWS_WRITE);
        for (Deployment deployment : deployments.listNewestFirst(workflow.id())) {
            if (!DeploymentService.STATUS_UNDEPLOYED.equals(deployment.status())) {
                deploymentService.undeploy(deployment);
            }
        }
        workflows.deleteById(workflow.id());
    }

    @Transactional
    public String duplicate(Caller caller, String id) {
        Workflow source = access.read(caller, id, Scope.WORKFLOWS_WRITE);
        Instant now = clock.instant();
        Workflow copy = workflows.save(new Workflow(Ids.newId("wf"), source.organizationId(), source.workspaceId(),
                caller.userId(), copyName(source.name()), source.description(), source.workflowType(),
                UUID.randomUUID(), WorkflowStatus.DRAFT.wireName(), "undeployed", 1, source.nodes().deepCopy(),
                source.connections().deepCopy(), source.config().deepCopy(), source.settings().deepCopy(),
                source.tags().clone(), source.scopes().clone(), source.lifecyclePolicy() == null ? null
                : source.lifecyclePolicy().deepCopy(), null, false, false, now, now));
        return copy.id();
    }

    @Transactional
    public WorkflowView setStatus(Caller caller, String id, @Nullable String status) {
        WorkflowAccess.requireWellFormed(id);
        if (status == null) {
            throw ApiException.invalidField("status", "status is required: one of draft, active, paused, archived");
        }
        WorkflowStatus parsed = WorkflowStatus.parse(status, "status");
        Workflow workflow = access.write(caller, id, Scope.WORKFLOWS_WRITE);
        return view(workflows.update(workflow.withStatus(parsed.wireName(), clock.instant())));
    }

    public WorkflowStats stats(Caller caller) {
        caller.requireScope(Scope.WORKFLOWS_READ);
        Map<String, Long> counts = queries.countByStatus(caller.organizationId());
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        return new WorkflowStats(total, counts.getOrDefault("active", 0L), counts.getOrDefault("paused", 0L),
                counts.getOrDefault("draft", 0L), counts.getOrDefault("archived", 0L));
    }

    private static String copyName(String name) {
        String copy = name + " (copy)";
        return copy.length() > WorkflowInput.MAX_NAME_LENGTH ? copy.substring(0, WorkflowInput.MAX_NAME_LENGTH) : copy;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
