package io.mgw.controlplane.deployment.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.mgw.controlplane.config.KubernetesConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes objects of one deployment: a ConfigMap with its spec, a Deployment running the runtime image, and a
 * Service in front of it. Pure: builds manifests, talks to nobody.
 */
public final class WorkflowResources {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "mgw";
    public static final String LABEL_ORGANIZATION = "mgw.io/organization";
    public static final String LABEL_WORKFLOW = "mgw.io/workflow";
    public static final String LABEL_DEPLOYMENT = "mgw.io/deployment";
    public static final String SPEC_KEY = "deployment-spec.json";
    public static final String SPEC_DIR = "/etc/mgw";
    public static final String SPEC_CHECKSUM = "mgw.io/spec-sha256";
    public static final String NVIDIA_GPU = "nvidia.com/gpu";
    private static final String PORT_NAME = "http";
    private static final String CONTAINER = "runtime";

    private final KubernetesConfig config;

    public WorkflowResources(KubernetesConfig config) {
        this.config = config;
    }

    /**
     * The name of everything a deployment creates. A production deployment is named after its workflow
     * ({@code workflow-<workflow id>}, the name the discover endpoint shows); development, test and ephemeral ones
     * after themselves ({@code workflow-<deployment id>}) so they never collide with production. Ids use {@code _},
     * Kubernetes names {@code -}.
     */
    public static String nameOf(io.mgw.controlplane.deployment.Deployment deployment) {
        String id = "production".equals(deployment.environment()) && !deployment.ephemeral()
                ? deployment.workflowId() : deployment.id();
        return "workflow-" + id.replace('_', '-').toLowerCase(java.util.Locale.ROOT);
    }

    /** The labels on every object of the deployment. */
    public static Map<String, String> labels(io.mgw.controlplane.deployment.Deployment deployment) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, MANAGED_BY_VALUE);
        labels.put(LABEL_ORGANIZATION, deployment.organizationId());
        labels.put(LABEL_WORKFLOW, deployment.workflowId());
        labels.put(LABEL_DEPLOYMENT, deployment.id());
        return labels;
    }

    /** The ConfigMap that carries the deployment's spec (the runtime's {@code PUT /internal/deployments} body). */
    public ConfigMap configMap(io.mgw.controlplane.deployment.Deployment deployment, String specJson) {
        return new ConfigMapBuilder()
                .withNewMetadata().withName(nameOf(deployment)).withNamespace(config.namespace())
                .withLabels(labels(deployment)).endMetadata()
                .addToData(SPEC_KEY, specJson)
                .build();
    }

    /** The Deployment running the runtime image with the deployment's resources, env, probes and replicas. */
    public Deployment deployment(io.mgw.controlplane.deployment.Deployment deployment, String specJson, int replicas) {
        String name = nameOf(deployment);
        Map<String, String> labels = labels(deployment);
        Map<String, String> selector = Map.of(MANAGED_BY, MANAGED_BY_VALUE, LABEL_DEPLOYMENT, deployment.id());
        Map<String, Quantity> resources = resources(deployment);
        Map<String, String> nodeSelector = nodeSelector(deployment);
        List<LocalObjectReference> pullSecrets = config.pullSecrets().stream().map(LocalObjectReference::new).toList();
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(config.namespace()).withLabels(labels).endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector().withMatchLabels(selector).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).addToAnnotations(SPEC_CHECKSUM, sha256(specJson)).endMetadata()
                .withNewSpec()
                .withServiceAccountName(config.serviceAccount())
                .withImagePullSecrets(pullSecrets)
                .withNodeSelector(nodeSelector.isEmpty() ? null : nodeSelector)
                .addNewContainer()
                .withName(CONTAINER)
                .withImage(config.runtimeImage())
                .withImagePullPolicy(config.imagePullPolicy())
                .withArgs("runtime")
                .addNewPort().withName(PORT_NAME).withContainerPort(config.runtimePort()).withProtocol("TCP").endPort()
                .withEnv(env(deployment))
                .withNewResources().withRequests(resources).withLimits(resources).endResources()
                .withLivenessProbe(probe(10, 10, 3))
                .withReadinessProbe(probe(3, 5, 2))
                .addNewVolumeMount().withName("spec").withMountPath(SPEC_DIR).withReadOnly(true).endVolumeMount()
                .endContainer()
                .addNewVolume().withName("spec").withNewConfigMap().withName(name).endConfigMap().endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** The Service {@code workflow-<id>}: port 80 to the runtime port of the deployment's pods. */
    public Service service(io.mgw.controlplane.deployment.Deployment deployment) {
        return new ServiceBuilder()
                .withNewMetadata().withName(nameOf(deployment)).withNamespace(config.namespace())
                .withLabels(labels(deployment)).endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(Map.of(MANAGED_BY, MANAGED_BY_VALUE, LABEL_DEPLOYMENT, deployment.id()))
                .addNewPort().withName(PORT_NAME).withPort(80).withTargetPort(new IntOrString(PORT_NAME))
                .withProtocol("TCP").endPort()
                .endSpec()
                .build();
    }

    /** Requests (= limits): cpu, memory, ephemeral-storage from disk, and the GPU count under its resource name. */
    Map<String, Quantity> resources(io.mgw.controlplane.deployment.Deployment deployment) {
        Map<String, Quantity> resources = new LinkedHashMap<>();
        resources.put("cpu", new Quantity(orDefault(deployment.cpu(), config.defaultCpu())));
        resources.put("memory", new Quantity(orDefault(deployment.memory(), config.defaultMemory())));
        String disk = orDefault(deployment.disk(), config.defaultDisk());
        if (disk != null) {
            resources.put("ephemeral-storage", new Quantity(disk));
        }
        if (deployment.gpu() > 0) {
            resources.put(gpuResourceName(deployment.gpuType()), new Quantity(Integer.toString(deployment.gpu())));
        }
        return resources;
    }

    /** A gpu_type that looks like a resource name ({@code amd.com/gpu}) is one; anything else is a GPU model. */
    static String gpuResourceName(String gpuType) {
        return gpuType != null && gpuType.contains("/") ? gpuType : NVIDIA_GPU;
    }

    private Map<String, String> nodeSelector(io.mgw.controlplane.deployment.Deployment deployment) {
        String type = deployment.gpuType();
        if (deployment.gpu() > 0 && type != null && !type.isBlank() && !type.contains("/")) {
            return Map.of(config.gpuNodeLabel(), type);
        }
        return Map.of();
    }

    private List<EnvVar> env(io.mgw.controlplane.deployment.Deployment deployment) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar("MGW_DEPLOYMENT_ID", deployment.id(), null));
        env.add(new EnvVar("MGW_WORKFLOW_ID", deployment.workflowId(), null));
        env.add(new EnvVar("MGW_ORGANIZATION_ID", deployment.organizationId(), null));
        env.add(new EnvVar("MGW_DEPLOYMENT_SPEC_FILE", SPEC_DIR + "/" + SPEC_KEY, null));
        env.add(new EnvVar("MGW_RUNTIME_PORT", Integer.toString(config.runtimePort()), null));
        env.add(new EnvVarBuilder().withName("MGW_POD_ID").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.name").endFieldRef().endValueFrom().build());
        env.add(new EnvVarBuilder().withName("MGW_POD_IP").withNewValueFrom().withNewFieldRef()
                .withFieldPath("status.podIP").endFieldRef().endValueFrom().build());
        // Kubernetes expands $(VAR) of variables defined earlier in the list.
        env.add(new EnvVar("MGW_POD_ADVERTISE_URL", "ws://$(MGW_POD_IP):" + config.runtimePort(), null));
        env.add(secretEnv("MGW_SERVICE_TOKEN", false));
        env.add(secretEnv("REDIS_URL", true));
        return env;
    }

    private EnvVar secretEnv(String name, boolean optional) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef()
                .withName(config.secretName()).withKey(name).withOptional(optional ? Boolean.TRUE : null)
                .endSecretKeyRef().endValueFrom().build();
    }

    private Probe probe(int initialDelay, int period, int failures) {
        return new ProbeBuilder().withNewHttpGet().withPath("/health").withPort(new IntOrString(PORT_NAME)).endHttpGet()
                .withInitialDelaySeconds(initialDelay).withPeriodSeconds(period).withTimeoutSeconds(2)
                .withFailureThreshold(failures).build();
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
