package io.mgw.controlplane.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.mgw.adapters.contract.workflow.GraphNode;
import io.mgw.adapters.contract.workflow.NodeCatalog;
import io.mgw.controlplane.auth.Caller;
import io.mgw.controlplane.auth.Scope;
import io.mgw.controlplane.config.ControlPlaneConfig;
import io.mgw.controlplane.deployment.Deployment;
import io.mgw.controlplane.deployment.DeploymentEnvironment;
import io.mgw.controlplane.deployment.DeploymentRequest;
import io.mgw.controlplane.deployment.DeploymentService;
import io.mgw.controlplane.error.ApiException;
import io.mgw.controlplane.lifecycle.LifecyclePolicy;
import io.mgw.controlplane.lifecycle.LifecyclePolicyParser;
import io.mgw.controlplane.workflow.AnalysisViews.DeploymentRef;
import io.mgw.controlplane.workflow.AnalysisViews.Discovered;
import io.mgw.controlplane.workflow.AnalysisViews.Endpoints;
import io.mgw.controlplane.workflow.DeploymentViews.Deployed;
import io.mgw.controlplane.workflow.DeploymentViews.Lifecycle;
import io.mgw.controlplane.workflow.DeploymentViews.LifecycleUpdated;
import io.mgw.controlplane.workflow.DeploymentViews.Scaled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

/** Deploy, undeploy, stop, start and the lifecycle policy of a (batch) workflow; and discover. */
@Singleton
public class WorkflowDeploymentService {

    static final String PRODUCTION = "production";
    private static final int MAX_REPLICAS = 20;
    private static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    private final WorkflowAccess access;
    private final WorkflowRepository workflows;
    private final DeploymentService deployments;
    private final WorkflowQueries queries;
    private final NodeCatalog catalog;
    private final ObjectMapper json;
    private final ControlPlaneConfig config;
    private final Clock clock;

    public WorkflowDeploymentService(WorkflowAccess access, WorkflowRepository workflows, DeploymentService deployments,
                                     WorkflowQueries queries, NodeCatalog catalog, ObjectMapper json,
                                     ControlPlaneConfig config, Clock clock) {
        this.access = access;
        this.workflows = workflows;
        this.deployments = deployments;
        this.queries = queries;
        this.catalog = catalog;
        this.json = json;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Deploys to {@code env} (default Production). Only the production deployment drives the workflow's lifecycle
     * status; Development and Test deployments sit beside it (the flow stream runs them with {@code ?env=}).
     */
    public Deployed deploy(Caller caller, String workflowId, @Nullable String env) {
        WorkflowAccess.requireWellFormed(workflowId);
        DeploymentEnvironment environment = DeploymentEnvironment.parse(env, "env", DeploymentEnvironment.PRODUCTION);
        Workflow workflow = access.write(caller, workflowId, Scope.WORKFLOWS_WRITE);
        deployWithResources(workflow, DeploymentRequest.Resources.defaults(), environment.wireName());
        if (environment != DeploymentEnvironment.PRODUCTION) {
            return new Deployed("Workflow deployed to " + environment.wireName(), workflow.id(), workflow.status());
        }
        workflows.update(workflow.withStatus(WorkflowStatus.ACTIVE.wireName(), clock.instant())
                .withDeploymentStatus("deployed", clock.instant()));
        return new Deployed("Workflow deployed successfully", workflow.id(), WorkflowStatus.ACTIVE.wireName());
    }

    /** Deploys a workflow's current graph; shared with the streaming deploy, which brings its own resources. */
    public Deployment deployWithResources(Workflow workflow, DeploymentRequest.Resources resources, String environment) {
        try {
            Deployment deployment = deployments.deploy(new DeploymentRequest(workflow.organizationId(), workflow.id(),
                    workflow.version(), definition(workflow), environment, resources, false, null));
            return deployment;
        } catch (ApiException e) {
            workflows.update(workflow.withDeploymentStatus("failed", clock.instant()));
            throw e;
        }
    }

    /** The snapshot a deployment runs: the graph and settings as of now. */
    public ObjectNode definition(Workflow workflow) {
        ObjectNode definition = json.createObjectNode();
        definition.put("workflowType", workflow.workflowType());
        definition.set("nodes", workflow.nodes().deepCopy());
        definition.set("connections", workflow.connections().deepCopy());
        definition.set("settings", workflow.settings().deepCopy());
        return definition;
    }

    /** Removes the {@code env} deployment (default Production); only Production moves the workflow back to draft. */
    public Deployed undeploy(Caller caller, String workflowId, @Nullable String env) {
        WorkflowAccess.requireWellFormed(workflowId);
        DeploymentEnvironment environment = DeploymentEnvironment.parse(env, "env", DeploymentEnvironment.PRODUCTION);
        Workflow workflow = access.write(caller, workflowId, Scope.WORKFLOWS_WRITE);
        deployments.current(workflow.id(), environment.wireName()).ifPresent(deployments::undeploy);
        if (environment != DeploymentEnvironment.PRODUCTION) {
            return new Deployed("Workflow undeployed from " + environment.wireName(), workflow.id(), workflow.status());
        }
        workflows.update(workflow.withStatus(WorkflowStatus.DRAFT.wireName(), clock.instant())
                .withDeploymentStatus("undeployed", clock.instant()));
        return new Deployed("Workflow undeployed successfully", workflow.id(), WorkflowStatus.DRAFT.wireName());
    }

    public Scaled stop(Caller caller, String workflowId) {
        Workflow workflow = access.write(caller, workflowId, Scope.WORKFLOWS_WRITE);
        Deployment deployment = requireDeployed(workflow);
        Deployment stopped = deployments.stop(deployment, "stopped by " + caller.userId());
        workflows.update(workflow.withDeploymentStatus("stopped", clock.instant()));
        return new Scaled(workflow.id(), publicStatus(stopped), null);
    }

    public Scaled start(Caller caller, String workflowId, @Nullable JsonNode body) {
        WorkflowAccess.requireWellFormed(workflowId);
        int replicas = 1;
        JsonNode replicasNode = body == null ? null : body.get("replicas");
        if (replicasNode != null && !replicasNode.isNull()) {
            if (!replicasNode.isIntegralNumber() || replicasNode.asInt() < 1 || replicasNode.asInt() > MAX_REPLICAS) {
                throw ApiException.invalidField("replicas", "replicas must be an integer from 1 to " + MAX_REPLICAS);
            }
            replicas = replicasNode.asInt();
        }
        Workflow workflow = access.write(caller, workflowId, Scope.WORKFLOWS_WRITE);
        Deployment started = deployments.start(requireDeployed(workflow), replicas);
        workflows.update(workflow.withDeploymentStatus("deployed", clock.instant()));
        return new Scaled(workflow.id(), publicStatus(started), replicas);
    }

    public Lifecycle lifecycle(Caller caller, String workflowId) {
        Workflow workflow = access.read(caller, workflowId, Scope.WORKFLOWS_READ);
        var deployment = deployments.current(workflow.id(), PRODUCTION);
        return new Lifecycle(workflow.id(), policyOf(workflow),
                deployment.map(WorkflowDeploymentService::publicStatus).orElse("not_deployed"),
                deployment.map(Deployment::stoppedReason).orElse(null));
    }

    public LifecycleUpdated setLifecycle(Caller caller, String workflowId, @Nullable JsonNode body) {
        WorkflowAccess.requireWellFormed(workflowId);
        LifecyclePolicy policy = LifecyclePolicyParser.parse(body);
        Workflow workflow = access.write(caller, workflowId, Scope.WORKFLOWS_WRITE);
        workflows.update(workflow.withLifecyclePolicy(json.valueToTree(policy), clock.instant()));
        return new LifecycleUpdated(workflow.id(), policy);
    }

    /** The stored policy, or the default one. */
    public LifecyclePolicy policyOf(Workflow workflow) {
        if (workflow.lifecyclePolicy() == null || workflow.lifecyclePolicy().isNull()) {
            return LifecyclePolicy.defaultPolicy();
        }
        return json.convertValue(workflow.lifecyclePolicy(), LifecyclePolicy.class);
    }

    /** Active production workflows of a marketplace app, with the endpoint to trigger each. */
    public List<Discovered> discover(Caller caller, @Nullable String appId) {
        if (appId == null || appId.isBlank()) {
            throw ApiException.invalidField("appId", "appId is required");
        }
        if (!APP_ID.matcher(appId).matches()) {
            throw ApiException.invalidField("appId", "appId is not a valid marketplace app id");
        }
        caller.requireScope(Scope.WORKFLOWS_READ);
        return queries.activeOfApp(caller, appId).stream()
                .flatMap(workflow -> deployments.current(workflow.id(), PRODUCTION)
                        .filter(d -> d.status().equals(DeploymentService.STATUS_READY))
                        .map(d -> discovered(workflow, d)).stream())
                .toList();
    }

    private Discovered discovered(Workflow workflow, Deployment deployment) {
        String triggerType = WorkflowInput.graphOf(workflow).nodes().stream().map(GraphNode::type)
                .filter(catalog::isTrigger).findFirst().map(t -> t.replace("-trigger", "")).orElse("api");
        String podName = "workflow-" + workflow.id().replace('_', '-');
        boolean local = "local".equals(deployment.driver());
        String namespace = local ? "local" : deployment.namespace() == null ? "user-workflows" : deployment.namespace();
        String url = local
                ? config.runtimeUrl() + "/deployments/" + deployment.id() + "/trigger"
                : "http://" + podName + "." + namespace + ".svc.cluster.local/trigger";
        return new Discovered(workflow.id(), workflow.name(), workflow.description(), triggerType, "production",
                new Endpoints(url, "POST"), new DeploymentRef(podName, namespace));
    }

    private Deployment requireDeployed(Workflow workflow) {
        return deployments.current(workflow.id(), PRODUCTION).orElseThrow(() -> ApiException.conflict(
                "workflow " + workflow.id() + " is not deployed; deploy it first"));
    }

    /** The lifecycle document's deployment status words. */
    static String publicStatus(Deployment deployment) {
        return switch (deployment.status()) {
            case DeploymentService.STATUS_READY -> "running";
            case DeploymentService.STATUS_STOPPED -> "stopped";
            case DeploymentService.STATUS_FAILED -> "failed";
            default -> deployment.status();
        };
    }
}
