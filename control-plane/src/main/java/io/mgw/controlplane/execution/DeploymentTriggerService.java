package io.mgw.controlplane.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgw.adapters.contract.InternalApi;
import io.mgw.adapters.contract.TriggerRequest;
import io.mgw.adapters.contract.TriggerResult;
import io.mgw.controlplane.auth.Caller;
import io.mgw.controlplane.auth.Scope;
import io.mgw.controlplane.config.ControlPlaneConfig;
import io.mgw.controlplane.deployment.Deployment;
import io.mgw.controlplane.deployment.DeploymentService;
import io.mgw.controlplane.error.ApiException;
import io.mgw.controlplane.lifecycle.LifecyclePolicy;
import io.mgw.controlplane.workflow.Workflow;
import io.mgw.controlplane.workflow.WorkflowAccess;
import io.mgw.controlplane.workflow.WorkflowDeploymentService;
import io.mgw.controlplane.workflow.WorkflowRepository;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/**
 * {@code POST /{id}/trigger}: runs the workflow's production deployment through its pod's trigger endpoint. A
 * stopped deployment is started first when the lifecycle policy allows it (on-demand, idle-shutdown), else 409.
 * {@code sync} waits up to 5 minutes for the run's output; async answers within 30 s.
 */
@Singleton
public class DeploymentTriggerService {

    static final Duration SYNC_TIMEOUT = Duration.ofMinutes(5);
    static final Duration ASYNC_TIMEOUT = Duration.ofSeconds(30);
    private static final String PRODUCTION = "production";

    private final WorkflowAccess access;
    private final WorkflowRepository workflows;
    private final WorkflowDeploymentService workflowDeployments;
    private final DeploymentService deployments;
    private final ExecutionRepository executions;
    private final RuntimeClient runtime;
    private final ControlPlaneConfig config;
    private final ObjectMapper json;
    private final Clock clock;

    public DeploymentTriggerService(WorkflowAccess access, WorkflowRepository workflows,
                                    WorkflowDeploymentService workflowDeployments, DeploymentService deployments,
                                    ExecutionRepository executions, RuntimeClient runtime, ControlPlaneConfig config,
                                    ObjectMapper json, Clock clock) {
        this.access = access;
        this.workflows = workflows;
        this.workflowDeployments = workflowDeployments;
        this.deployments = deployments;
        this.executions = executions;
        this.runtime = runtime;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    public ExecutionViews.Triggered trigger(Caller caller, String workflowId, @Nullable JsonNode body) {
        WorkflowAccess.requireWellFormed(workflowId);
        JsonNode request = body == null || body.isNull() ? json.createObjectNode() : body;
        if (!request.isObject()) {
            throw ApiException.invalidField("(body)", "the body must be a JSON object");
        }
        String triggerType = "api";
        JsonNode typeNode = request.get("trigger_type");
        if (typeNode != null && !typeNode.isNull()) {
            if (!typeNode.isTextual() || typeNode.asText().isBlank() || typeNode.asText().length() > 64) {
                throw ApiException.invalidField("trigger_type", "trigger_type must be a short string");
            }
            triggerType = typeNode.asText();
        }
        JsonNode inputs = request.get("inputs");
        if (inputs != null && !inputs.isNull() && !inputs.isObject()) {
            throw ApiException.invalidField("inputs", "inputs must be an object");
        }
        inputs = inputs == null || inputs.isNull() ? json.createObjectNode() : inputs;
        JsonNode syncNode = request.get("sync");
        if (syncNode != null && !syncNode.isNull() && !syncNode.isBoolean()) {
            throw ApiException.invalidField("sync", "sync must be true or false");
        }
        boolean sync = syncNode != null && syncNode.asBoolean(false);

        Workflow workflow = access.read(caller, workflowId, Scope.WORKFLOWS_EXECUTE);
        Deployment deployment = deployments.current(workflow.id(), PRODUCTION).orElseThrow(() -> ApiException.conflict(
                "workflow " + workflowId + " is not deployed; deploy it (POST /api/v1/workflows/" + workflowId
                        + "/deploy) or run a draft with /execute"));
        deployment = ensureRunning(workflow, deployment);

        Execution execution = Execution.queued(workflow.organizationId(), workflow.id(), deployment.id(), caller.userId(),
                "api", triggerType, PRODUCTION, inputs, null, clock.instant());
        executions.insert(execution);
        TriggerResult result = send(workflow, deployment, execution, new TriggerRequest(triggerType, inputs, sync,
                execution.id().toString()), sync);
        return new ExecutionViews.Triggered(result.status(), execution.id().toString(), workflow.id(),
                result.output() == null ? json.createObjectNode() : result.output(),
                TriggerResult.FAILED.equals(result.status()) ? result.error() : null);
    }

    /**
     * Records and starts an asynchronous run of {@code deployment} (the flow stream's path): the deployment is
     * started first when stopped and its policy allows it (else 409), then the pod takes the run (else 502).
     *
     * @param triggerType selects the trigger node the run starts at ({@code http} = {@code http-trigger})
     * @param limit       the caller's limit on the run's time (the pod ends it then), or null
     */
    public Execution start(Workflow workflow, Deployment deployment, String userId, String triggerKind,
                           String triggerType, JsonNode inputs, @Nullable Duration limit) {
        Deployment running = ensureRunning(workflow, deployment);
        Execution execution = Execution.queued(workflow.organizationId(), workflow.id(), running.id(), userId,
                triggerKind, triggerType, running.environment(), inputs, null, clock.instant());
        executions.insert(execution);
        send(workflow, running, execution, new TriggerRequest(triggerType, inputs, false, execution.id().toString(),
                limit == null ? null : limit.toMillis()), false);
        return execution;
    }

    private TriggerResult send(Workflow workflow, Deployment deployment, Execution execution, TriggerRequest request,
                               boolean sync) {
        try {
            return runtime.trigger(triggerUrl(workflow, deployment), request, sync ? SYNC_TIMEOUT : ASYNC_TIMEOUT);
        } catch (RuntimeClient.RuntimeUnavailable e) {
            if (e.timedOut() && sync) {
                // The run goes on; its events still arrive and GET /api/v1/executions/{id} shows the outcome.
                throw new ApiException(HttpStatus.GATEWAY_TIMEOUT, "trigger_timeout", "run " + execution.id()
                        + " did not finish within " + SYNC_TIMEOUT.toMinutes() + " minutes; it keeps running");
            }
            executions.failUnstarted(execution.id(), e.getMessage(), clock.instant());
            if (e.status() == HttpStatus.TOO_MANY_REQUESTS.getCode()) {
                throw ExecutionService.tooManyRuns(e);
            }
            throw new ApiException(HttpStatus.BAD_GATEWAY, "runtime_unavailable", "the deployment's pod did not take the run: "
                    + e.getMessage());
        }
    }

    private Deployment ensureRunning(Workflow workflow, Deployment deployment) {
        if (DeploymentService.STATUS_READY.equals(deployment.status())) {
            return deployment;
        }
        if (DeploymentService.STATUS_STOPPED.equals(deployment.status())) {
            LifecyclePolicy policy = workflowDeployments.policyOf(workflow);
            if (LifecyclePolicy.ON_DEMAND.equals(policy.type()) || LifecyclePolicy.IDLE_SHUTDOWN.equals(policy.type())) {
                Deployment started = deployments.start(deployment, Math.max(1, deployment.replicas()));
                workflows.update(workflow.withDeploymentStatus("deployed", clock.instant()));
                if (DeploymentService.STATUS_READY.equals(started.status())) {
                    return started;
                }
                throw ApiException.conflict("workflow " + workflow.id() + " was stopped and is starting (deployment "
                        + started.status() + "); retry in a few seconds");
            }
            throw ApiException.conflict("workflow " + workflow.id() + " is stopped and its lifecycle policy ("
                    + policy.type() + ") does not allow starting it on a trigger; start it with POST /api/v1/workflows/"
                    + workflow.id() + "/start or set an on-demand or idle-shutdown policy");
        }
        throw ApiException.conflict("workflow " + workflow.id() + "'s deployment is " + deployment.status()
                + ", not ready to run");
    }

    /** The local runtime's per-deployment trigger, or the pod Service's {@code /trigger} in Kubernetes. */
    URI triggerUrl(Workflow workflow, Deployment deployment) {
        if ("local".equals(deployment.driver())) {
            return URI.create(config.runtimeUrl()).resolve(InternalApi.runtimeTriggerPath(deployment.id()));
        }
        String namespace = deployment.namespace() == null ? "user-workflows" : deployment.namespace();
        return URI.create("http://workflow-" + workflow.id().replace('_', '-') + "." + namespace
                + ".svc.cluster.local" + InternalApi.RUNTIME_SINGLE_TRIGGER_PATH);
    }

}
