package io.mgw.controlplane.deployment.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgw.controlplane.config.KubernetesConfig;
import io.mgw.controlplane.deployment.Deployment;
import java.time.Instant;
import java.util.List;

/** Deployment records and driver settings for the Kubernetes driver's tests. */
final class KubernetesTestDeployments {

    static final String NAMESPACE = "user-workflows";

    private KubernetesTestDeployments() {
    }

    static KubernetesConfig config() {
        return new KubernetesConfig(NAMESPACE, "registry.test/mgw/workflow-runtime:1.2.3", "IfNotPresent",
                List.of("regcred"), 8090, "500m", "512Mi", null, "cloud.google.com/gke-accelerator", "mgw-runtime",
                null, 0);
    }

    static Deployment deployment(String id, String workflowId, String cpu, String memory, String disk, int gpu,
                                 String gpuType, int replicas) {
        var definition = new ObjectMapper().createObjectNode().put("workflowType", "streaming");
        definition.putArray("nodes");
        definition.putArray("connections");
        definition.putObject("settings");
        Instant now = Instant.parse("2026-11-23T08:00:00Z");
        return new Deployment(id, "org_acme0000000000000001", workflowId, 3, definition, "production", "kubernetes",
                null, "pending", null, null, replicas, 0, cpu, memory, disk, gpu, gpuType, null, null, 10, false, null,
                null, null, now, now);
    }
}
