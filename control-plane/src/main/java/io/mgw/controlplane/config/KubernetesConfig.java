package io.mgw.controlplane.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * Settings of the {@code kubernetes} deployment driver ({@code mgw.kubernetes.*}); defaults in application.yml,
 * environment variables mapped by {@link ControlPlaneEnvironment}. The cluster itself (in-cluster service account or
 * {@code KUBECONFIG}) is found by Fabric8's standard auto-configuration.
 *
 * @param namespace           where workflow pods run ({@code MGW_KUBERNETES_NAMESPACE}, default user-workflows)
 * @param runtimeImage        the workflow-runtime image ({@code MGW_RUNTIME_IMAGE})
 * @param imagePullPolicy     Always, IfNotPresent or Never; null = Kubernetes' default
 * @param imagePullSecrets    names of image pull Secrets in the namespace ({@code MGW_IMAGE_PULL_SECRETS}, comma separated)
 * @param runtimePort         the runtime's port inside the pod ({@code MGW_RUNTIME_PORT} of the pod)
 * @param defaultCpu          CPU when the deployment names none
 * @param defaultMemory       memory when the deployment names none
 * @param defaultDisk         ephemeral storage when the deployment names none (null = no request)
 * @param gpuNodeLabel        node label that selects the GPU type ({@code cloud.google.com/gke-accelerator} on GKE)
 * @param secretName          the Secret in the namespace holding MGW_SERVICE_TOKEN and REDIS_URL for the pods
 * @param serviceAccount      service account of workflow pods (null = the namespace's default)
 * @param informerResyncSeconds how often the rollout informer replays its cache (a safety net, not polling)
 */
@ConfigurationProperties("mgw.kubernetes")
public record KubernetesConfig(
        String namespace,
        String runtimeImage,
        @Nullable String imagePullPolicy,
        @Nullable List<String> imagePullSecrets,
        int runtimePort,
        String defaultCpu,
        String defaultMemory,
        @Nullable String defaultDisk,
        String gpuNodeLabel,
        String secretName,
        @Nullable String serviceAccount,
        int informerResyncSeconds) {

    /** The pull secrets, never null. */
    public List<String> pullSecrets() {
        return imagePullSecrets == null ? List.of() : imagePullSecrets.stream().map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }
}
