package io.mgw.controlplane.deployment.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.micronaut.context.annotation.Requires;
import io.mgw.adapters.contract.DeploymentSpec;
import io.mgw.controlplane.config.KubernetesConfig;
import io.mgw.controlplane.deployment.Deployment;
import io.mgw.controlplane.deployment.DeploymentDriver;
import io.mgw.controlplane.deployment.DeploymentDriverException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs each deployment as Kubernetes objects in one namespace ({@code mgw.kubernetes.namespace}, default
 * {@code user-workflows}), all named {@code workflow-<id>} (see {@link WorkflowResources#nameOf}) and labelled
 * {@code app.kubernetes.io/managed-by=mgw} plus organization, workflow and deployment:
 * <ul>
 *   <li>a <b>ConfigMap</b> holding the deployment's spec as JSON under {@code deployment-spec.json}: exactly the
 *   {@link DeploymentSpec} body the local driver sends to {@code PUT /internal/deployments/{id}};</li>
 *   <li>a <b>Deployment</b> running the workflow-runtime image ({@code runtime} command) with that ConfigMap mounted
 *   at {@code /etc/mgw} and {@code MGW_DEPLOYMENT_SPEC_FILE=/etc/mgw/deployment-spec.json}, the ids in
 *   {@code MGW_DEPLOYMENT_ID}/{@code MGW_WORKFLOW_ID}/{@code MGW_ORGANIZATION_ID}, {@code MGW_SERVICE_TOKEN} and
 *   {@code REDIS_URL} from the Secret {@code mgw.kubernetes.secret-name}, requests = limits from the record, probes on
 *   {@code /health}; the pod template carries the spec's SHA-256, so a redeploy with a new definition rolls the
 *   pods;</li>
 *   <li>a <b>Service</b> (port 80 to the runtime port).</li>
 * </ul>
 * How the pod gets its definition: the runtime is expected to read {@code MGW_DEPLOYMENT_SPEC_FILE} at start and
 * host that deployment as if it had been PUT to its internal API. That reading on the runtime side is a follow-up
 * (workflow-runtime is another team's module); until then a pod serves {@code /health} and registers but hosts
 * nothing.
 * <p>
 * Stop scales to zero and keeps everything; start scales back. Rollout status is not polled here:
 * {@link RolloutWatcher} follows it with an informer. API-server refusals (403, 422, quota) become
 * {@link DeploymentDriverException}s with {@code callerError = true}; an unreachable API server with {@code false}.
 */
@Singleton
@Requires(property = "mgw.deploy-driver", value = "kubernetes")
public class KubernetesDeploymentDriver implements DeploymentDriver {

    private final KubernetesClient client;
    private final KubernetesConfig config;
    private final WorkflowResources resources;
    private final ObjectMapper json;

    public KubernetesDeploymentDriver(KubernetesClient client, KubernetesConfig config, ObjectMapper json) {
        this.client = client;
        this.config = config;
        this.resources = new WorkflowResources(config);
        this.json = json;
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public DriverStatus apply(Deployment deployment) {
        String spec = specJson(deployment);
        call("deploy", deployment, () -> {
            createOrUpdate(resources.configMap(deployment, spec));
            createOrUpdate(resources.deployment(deployment, spec, deployment.replicas()));
            createOrUpdate(resources.service(deployment));
            return null;
        });
        return deployment.replicas() == 0 ? new DriverStatus("stopped", null, 0) : new DriverStatus("pending", null, 0);
    }

    @Override
    public DriverStatus scale(Deployment deployment, int replicas) {
        String name = WorkflowResources.nameOf(deployment);
        boolean exists = call(replicas == 0 ? "stop" : "start", deployment, () ->
                owned(client.apps().deployments().inNamespace(config.namespace()).withName(name), deployment));
        if (!exists) {
            if (replicas == 0) {
                return new DriverStatus("stopped", null, 0);
            }
            // Removed behind our back (or never created): start means running again, so create it.
            return apply(deployment.withStatus(deployment.status(), deployment.statusReason(),
                    deployment.stoppedReason(), replicas, 0, deployment.updatedAt()));
        }
        call(replicas == 0 ? "stop" : "start", deployment, () ->
                client.apps().deployments().inNamespace(config.namespace()).withName(name).scale(replicas));
        return replicas == 0 ? new DriverStatus("stopped", null, 0) : new DriverStatus("pending", null, 0);
    }

    @Override
    public void remove(Deployment deployment) {
        String name = WorkflowResources.nameOf(deployment);
        String ns = config.namespace();
        call("undeploy", deployment, () -> {
            // Only objects carrying our label for this very deployment: a same-named object someone else made stays.
            deleteIfOwned(client.services().inNamespace(ns).withName(name), deployment);
            deleteIfOwned(client.apps().deployments().inNamespace(ns).withName(name), deployment);
            deleteIfOwned(client.configMaps().inNamespace(ns).withName(name), deployment);
            return null;
        });
    }

    private <T extends HasMetadata> void createOrUpdate(T object) {
        client.resource(object).inNamespace(config.namespace()).createOr(NonDeletingOperation::update);
    }

    private static <T extends HasMetadata> boolean owned(Resource<T> resource, Deployment deployment) {
        T existing = resource.get();
        if (existing == null) {
            return false;
        }
        Map<String, String> labels = existing.getMetadata().getLabels();
        return labels != null && WorkflowResources.MANAGED_BY_VALUE.equals(labels.get(WorkflowResources.MANAGED_BY))
                && deployment.id().equals(labels.get(WorkflowResources.LABEL_DEPLOYMENT));
    }

    private static <T extends HasMetadata> void deleteIfOwned(Resource<T> resource, Deployment deployment) {
        if (owned(resource, deployment)) {
            resource.delete();
        }
    }

    private String specJson(Deployment deployment) {
        var definition = deployment.definition();
        DeploymentSpec spec = new DeploymentSpec(deployment.id(), deployment.organizationId(), deployment.workflowId(),
                definition == null ? "batch" : definition.path("workflowType").asText("batch"),
                definition == null ? null : definition.path("nodes"),
                definition == null ? null : definition.path("connections"),
                definition == null ? null : definition.path("settings"),
                new DeploymentSpec.Limits(deployment.maxConcurrentSessions(), deployment.idleTimeoutSeconds(),
                        deployment.maxSessionDurationSeconds()));
        try {
            return json.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("deployment spec did not serialize", e);
        }
    }

    private <T> T call(String action, Deployment deployment, Supplier<T> body) {
        try {
            return body.get();
        } catch (KubernetesClientException e) {
            throw translate(e, action, deployment);
        }
    }

    /** Maps an API-server answer to a message the API caller can act on, and says whose fault it was. */
    static DeploymentDriverException translate(KubernetesClientException e, String action, Deployment deployment) {
        String what = action + " of deployment " + deployment.id();
        String detail = detail(e);
        int code = e.getCode();
        if (code == 0 || e.getCause() instanceof IOException) {
            return new DeploymentDriverException("Kubernetes API server unreachable during " + what
                    + "; try again later", false, e);
        }
        if (code == 403 && detail.toLowerCase(Locale.ROOT).contains("exceeded quota")) {
            return new DeploymentDriverException("Kubernetes resource quota exceeded: " + what + " refused: " + detail,
                    true, e);
        }
        return switch (code) {
            case 403 -> new DeploymentDriverException("Kubernetes forbade the " + what + ": " + detail, true, e);
            case 400, 422 -> new DeploymentDriverException("Kubernetes rejected the " + what
                    + " as invalid (check cpu, memory, disk and gpu values): " + detail, true, e);
            case 409 -> new DeploymentDriverException("Kubernetes reported a conflict during " + what
                    + "; try again: " + detail, false, e);
            default -> new DeploymentDriverException("Kubernetes API error " + code + " during " + what + ": " + detail,
                    code < 500 && code != 401 && code != 429, e);
        };
    }

    private static String detail(KubernetesClientException e) {
        Status status = e.getStatus();
        String message = status != null && status.getMessage() != null ? status.getMessage() : e.getMessage();
        if (message == null) {
            return "no detail";
        }
        return message.length() > 300 ? message.substring(0, 300) + "..." : message;
    }
}
