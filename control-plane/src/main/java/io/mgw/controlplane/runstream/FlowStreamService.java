package io.mgw.controlplane.runstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.mgw.adapters.contract.Ids;
import io.mgw.adapters.contract.workflow.GraphNode;
import io.mgw.adapters.contract.workflow.NodeCatalog;
import io.mgw.controlplane.account.WorkspaceService;
import io.mgw.controlplane.auth.Caller;
import io.mgw.controlplane.auth.Scope;
import io.mgw.controlplane.deployment.Deployment;
import io.mgw.controlplane.deployment.DeploymentEnvironment;
import io.mgw.controlplane.deployment.DeploymentService;
import io.mgw.controlplane.error.ApiException;
import io.mgw.controlplane.execution.DeploymentTriggerService;
import io.mgw.controlplane.execution.Execution;
import io.mgw.controlplane.execution.ExecutionService;
import io.mgw.controlplane.workflow.Workflow;
import io.mgw.controlplane.workflow.WorkflowAccess;
import io.mgw.controlplane.workflow.WorkflowInput;
import io.mgw.controlplane.workflow.WorkflowType;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Starts a flow run for the flow run stream (flow-run-streaming-api.txt). Checks in DESIGN's order after the filter's
 * authentication: malformed ids and {@code env} (400), the execute scope (403), the tenant (the caller's
 * organization), the workspace and the flow in it (404), then what the flow needs (409): a batch workflow with an
 * {@code http-trigger} node and, for Test and Production, a deployment in that environment. The body is read the
 * way that node's {@code bodyFormat} says (400 when it does not fit). Development runs the development deployment
 * when there is one, else a draft run of the current graph.
 */
@Singleton
public class FlowStreamService {

    /** What the runtime starts at: the {@code http-trigger} node. */
    static final String TRIGGER_TYPE = "http";

    private final WorkspaceService workspaces;
    private final WorkflowAccess access;
    private final DeploymentService deployments;
    private final DeploymentTriggerService triggers;
    private final ExecutionService executions;
    private final NodeCatalog catalog;
    private final ObjectMapper json;
    private final RunStreamsConfig config;

    public FlowStreamService(WorkspaceService workspaces, WorkflowAccess access, DeploymentService deployments,
                             DeploymentTriggerService triggers, ExecutionService executions, NodeCatalog catalog,
                             ObjectMapper json, RunStreamsConfig config) {
        this.config = config;
        this.workspaces = workspaces;
        this.access = access;
        this.deployments = deployments;
        this.triggers = triggers;
        this.executions = executions;
        this.catalog = catalog;
        this.json = json;
    }

    /** Validates, records and starts the run; returns it once the runtime has taken it. */
    public Execution start(Caller caller, String tenantId, String workspaceId, String flowId, @Nullable String env,
                           @Nullable byte[] body, @Nullable String contentType) {
        if (!Ids.wellFormed(tenantId)) {
            throw ApiException.invalidField("tenantId", "not a valid tenant (organization) id");
        }
        if (!Ids.wellFormed(workspaceId)) {
            throw ApiException.invalidField("workspaceId", "not a valid workspace id");
        }
        if (!Ids.wellFormed(flowId)) {
            throw ApiException.invalidField("flowId", "not a valid flow (workflow) id");
        }
        DeploymentEnvironment environment = DeploymentEnvironment.parse(env, "env", null);
        caller.requireScope(Scope.WORKFLOWS_EXECUTE);
        if (!tenantId.equals(caller.organizationId())) {
            // Another tenant's resources answer 404, so their existence is not revealed.
            throw ApiException.notFound("tenant", tenantId);
        }
        workspaces.find(caller, workspaceId, Scope.WORKFLOWS_EXECUTE);
        Workflow flow = access.read(caller, flowId, Scope.WORKFLOWS_EXECUTE);
        if (!flow.workspaceId().equals(workspaceId)) {
            throw ApiException.notFound("flow", flowId);
        }
        if (!WorkflowType.BATCH.wireName().equals(flow.workflowType())) {
            throw ApiException.conflict("flow " + flowId + " is a streaming workflow; it runs per session, not per request");
        }
        GraphNode trigger = WorkflowInput.graphOf(flow).nodes().stream()
                .filter(n -> n.type().equals(HttpTriggerBody.NODE_TYPE)).findFirst()
                .orElseThrow(() -> ApiException.conflict("flow " + flowId + " has no http-trigger node; add one to run it"
                        + " through the flow stream"));
        String format = HttpTriggerBody.format(trigger, catalog);
        Optional<Deployment> deployment = deployments.current(flow.id(), environment.wireName());
        if (deployment.isEmpty() && environment != DeploymentEnvironment.DEVELOPMENT) {
            throw ApiException.conflict("flow " + flowId + " is not deployed to " + environment.wireName()
                    + "; deploy it with POST /api/v1/workflows/" + flowId + "/deploy?env=" + environment.wireName());
        }
        ObjectNode input = HttpTriggerBody.input(format, body, contentType, json);
        if (deployment.isPresent()) {
            return triggers.start(flow, deployment.get(), caller.userId(), TRIGGER_TYPE, TRIGGER_TYPE, input,
                    config.flowMaxDuration());
        }
        return executions.startDraft(flow, caller.userId(), TRIGGER_TYPE, TRIGGER_TYPE, environment.wireName(), input,
                null, config.flowMaxDuration());
    }
}
