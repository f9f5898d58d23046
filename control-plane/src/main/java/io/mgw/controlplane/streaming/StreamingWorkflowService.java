package io.mgw.controlplane.streaming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import io.mgw.adapters.contract.workflow.WorkflowGraphJson;
import io.mgw.controlplane.auth.Caller;
import io.mgw.controlplane.auth.Scope;
import io.mgw.controlplane.common.ListPage;
import io.mgw.controlplane.common.PageRequest;
import io.mgw.controlplane.common.SortOrder;
import io.mgw.controlplane.deployment.Deployment;
import io.mgw.controlplane.deployment.DeploymentRepository;
import io.mgw.controlplane.deployment.DeploymentRequest;
import io.mgw.controlplane.deployment.DeploymentService;
import io.mgw.controlplane.deployment.DeploymentView;
import io.mgw.controlplane.deployment.ResourceQuantities;
import io.mgw.controlplane.error.ApiException;
import io.mgw.controlplane.workflow.Workflow;
import io.mgw.controlplane.workflow.WorkflowAccess;
import io.mgw.controlplane.workflow.WorkflowDeploymentService;
import io.mgw.controlplane.workflow.WorkflowFilter;
import io.mgw.controlplane.workflow.WorkflowQueries;
import io.mgw.controlplane.workflow.WorkflowRepository;
import io.mgw.controlplane.workflow.WorkflowShareRepository;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The streaming view of workflows: lists, deployments with resources, undeploy. */
@Singleton
public class StreamingWorkflowService {

    static final Map<String, String> SORT_COLUMNS = Map.of(
            "createdAt", "w.created_at", "updatedAt", "w.updated_at", "name", "lower(w.name)",
            "status", "w.deployment_status");
    static final Set<String> DEPLOYMENT_STATES = Set.of("deployed", "deploying", "undeployed", "stopped", "failed");
    private static final int DEFAULT_LIMIT = 50;
    private static final Pattern GPU_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,62}");
    private static final int MAX_GPUS = 16;

    private final WorkflowQueries queries;
    private final WorkflowAccess access;
    private final WorkflowShareRepository shares;
    private final WorkflowRepository workflows;
    private final WorkflowDeploymentService workflowDeployments;
    private final DeploymentService deployments;
    private final DeploymentRepository deploymentRows;
    private final Clock clock;

    public StreamingWorkflowService(WorkflowQueries queries, WorkflowAccess access, WorkflowShareRepository shares,
                                    WorkflowRepository workflows, WorkflowDeploymentService workflowDeployments,
                                    DeploymentService deployments, DeploymentRepository deploymentRows, Clock clock) {
        this.queries = queries;
        this.access = access;
        this.shares = shares;
        this.workflows = workflows;
        this.workflowDeployments = workflowDeployments;
        this.deployments = deployments;
        this.deploymentRows = deploymentRows;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public ListPage<StreamingWorkflowView> list(Caller caller, @Nullable String search, @Nullable String status,
                                                @Nullable String limit, @Nullable String offset,
                                                @Nullable String sort) {
        PageRequest page = PageRequest.of(limit, offset, DEFAULT_LIMIT);
        SortOrder order = SortOrder.parse(sort, SORT_COLUMNS, "-createdAt", "w.id");
        String state = status == null || status.isBlank() ? null : status.trim();
        if (state != null && !DEPLOYMENT_STATES.contains(state)) {
            throw ApiException.invalidField("status", "status must be one of deployed, deploying, undeployed, stopped, failed");
        }
        caller.requireScope(Scope.STREAMING_WORKFLOWS_READ);
        var result = queries.list(caller, new WorkflowFilter("streaming", null, state, null,
                search == null || search.isBlank() ? null : search.trim(), order, page));
        return ListPage.of(result.count(), page, result.items().stream().map(this::view).toList());
    }

    public StreamingWorkflowView get(Caller caller, String id) {
        return view(streaming(caller, id, Scope.STREAMING_WORKFLOWS_READ));
    }

    public List<DeploymentView> deployments(Caller caller, String id) {
        Workflow workflow = streaming(caller, id, Scope.STREAMING_WORKFLOWS_READ);
        return deploymentRows.listNewestFirst(workflow.id()).stream().map(DeploymentView::of).toList();
    }

    public DeploymentView deploy(Caller caller, String id, @Nullable JsonNode body) {
        WorkflowAccess.requireWellFormed(id);
        DeploymentRequest.Resources resources = resources(body);
        Workflow workflow = requireStreaming(access.write(caller, id, Scope.STREAMING_WORKFLOWS_DEPLOY));
        Deployment deployment = workflowDeployments.deployWithResources(workflow, resources, "production");
        String state = switch (deployment.status()) {
            case DeploymentService.STATUS_READY -> "deployed";
            case DeploymentService.STATUS_FAILED -> "failed";
            default -> "deploying";
        };
        workflows.update(workflow.withDeploymentStatus(state, clock.instant()));
        return DeploymentView.of(deployment);
    }

    public Map<String, String> undeploy(Caller caller, String id) {
        Workflow workflow = requireStreaming(access.write(caller, id, Scope.STREAMING_WORKFLOWS_DEPLOY));
        deployments.current(workflow.id(), "production").ifPresent(deployments::undeploy);
        workflows.update(workflow.withDeploymentStatus("undeployed", clock.instant()));
        return Map.of("workflowId", workflow.id(), "status", "undeployed");
    }

    /** A visible streaming workflow; batch workflows are not in this API, so they are 404 here. */
    Workflow streaming(Caller caller, String id, Scope scope) {
        return requireStreaming(access.read(caller, id, scope));
    }

    private static Workflow requireStreaming(Workflow workflow) {
        if (!"streaming".equals(workflow.workflowType())) {
            throw ApiException.notFound("streaming workflow", workflow.id());
        }
        return workflow;
    }

    StreamingWorkflowView view(Workflow w) {
        var connections = WorkflowGraphJson.readConnections(w.connections(), "connections");
        return new StreamingWorkflowView(w.id(), w.name(), w.description(), w.workflowType(), w.deploymentStatus(),
                w.agentUuid(), w.ownerId(), w.organizationId(), shares.userIdsOf(w.id()), w.isPublic(), w.nodes(),
                WorkflowGraphJson.writeEdges(connections), w.status(), w.createdAt(), w.updatedAt());
    }

    /** The deploy body: every field optional, each validated by name. */
    static DeploymentRequest.Resources resources(@Nullable JsonNode body) {
        if (body != null && !body.isNull() && !body.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object");
        }
        JsonNode b = body == null || body.isNull() ? MissingNode.getInstance() : body;
        String cpu = quantity(b, "cpu");
        String memory = quantity(b, "memory");
        String disk = quantity(b, "disk");
        int gpu = 0;
        JsonNode gpuNode = b.get("gpu");
        if (gpuNode != null && !gpuNode.isNull()) {
            if (!gpuNode.isIntegralNumber() || gpuNode.asInt() < 0 || gpuNode.asInt() > MAX_GPUS) {
                throw ApiException.invalidField("gpu", "gpu must be an integer from 0 to " + MAX_GPUS);
            }
            gpu = gpuNode.asInt();
        }
        String gpuType = null;
        JsonNode typeNode = b.get("gpu_type");
        if (typeNode != null && !typeNode.isNull()) {
            if (!typeNode.isTextual() || !GPU_TYPE.matcher(typeNode.asText()).matches()) {
                throw ApiException.invalidField("gpu_type",
                        "gpu_type must be null or an accelerator name such as nvidia-tesla-t4");
            }
            gpuType = typeNode.asText();
        }
        Integer idle = positive(b, "idle_timeout_seconds", 7 * 86_400);
        Integer maxDuration = positive(b, "max_session_duration_seconds", 7 * 86_400);
        Integer maxSessions = positive(b, "max_concurrent_sessions", 100_000);
        return new DeploymentRequest.Resources(cpu, memory, disk, gpu, gpuType, idle, maxDuration, maxSessions, 1);
    }

    private static String quantity(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || !ResourceQuantities.isPositiveQuantity(node.asText())) {
            throw ApiException.invalidField(field, field + " must be a positive Kubernetes quantity such as "
                    + (field.equals("cpu") ? "1000m or 0.5" : "2Gi or 512Mi"));
        }
        return node.asText();
    }

    private static Integer positive(JsonNode body, String field, int max) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || node.asLong() < 1 || node.asLong() > max) {
            throw ApiException.invalidField(field, field + " must be a positive integer (at most " + max + ")");
        }
        return node.asInt();
    }
}
