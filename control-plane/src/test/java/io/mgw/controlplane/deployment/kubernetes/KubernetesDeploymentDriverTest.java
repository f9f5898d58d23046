package io.mgw.controlplane.deployment.kubernetes;

import static io.mgw.controlplane.deployment.kubernetes.KubernetesTestDeployments.NAMESPACE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.mgw.controlplane.deployment.DeploymentDriver.DriverStatus;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Kubernetes driver against Fabric8's mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class KubernetesDeploymentDriverTest {

    KubernetesClient client;

    private KubernetesDeploymentDriver driver() {
        return new KubernetesDeploymentDriver(client, KubernetesTestDeployments.config(), new ObjectMapper());
    }

    @Test
    void applyCreatesDeploymentAndServiceWithResourcesLabelsProbesAndEnv() {
        var record = KubernetesTestDeployments.deployment("dep_abc0000000000000000001", "wf_abc0000000000000000001",
                "2", "4Gi", "10Gi", 1, "nvidia-tesla-t4", 2);

        DriverStatus status = driver().apply(record);

        assertEquals("pending", status.status());
        Deployment deployment = client.apps().deployments().inNamespace(NAMESPACE)
                .withName("workflow-wf-abc0000000000000000001").get();
        assertNotNull(deployment, "Deployment workflow-<workflow id> created");
        assertEquals(2, deployment.getSpec().getReplicas());
        Map<String, String> labels = deployment.getMetadata().getLabels();
        assertEquals("mgw", labels.get("app.kubernetes.io/managed-by"));
        assertEquals("org_acme0000000000000001", labels.get("mgw.io/organization"));
        assertEquals("wf_abc0000000000000000001", labels.get("mgw.io/workflow"));
        assertEquals("dep_abc0000000000000000001", labels.get("mgw.io/deployment"));
        assertEquals(labels, deployment.getSpec().getTemplate().getMetadata().getLabels());

        var pod = deployment.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        assertEquals("registry.test/mgw/workflow-runtime:1.2.3", container.getImage());
        assertEquals("regcred", pod.getImagePullSecrets().get(0).getName());
        Map<String, Quantity> requests = container.getResources().getRequests();
        assertEquals(new Quantity("2"), requests.get("cpu"));
        assertEquals(new Quantity("4Gi"), requests.get("memory"));
        assertEquals(new Quantity("10Gi"), requests.get("ephemeral-storage"));
        assertEquals(new Quantity("1"), requests.get("nvidia.com/gpu"));
        assertEquals(requests, container.getResources().getLimits());
        assertEquals(Map.of("cloud.google.com/gke-accelerator", "nvidia-tesla-t4"), pod.getNodeSelector());

        assertEquals("/health", container.getLivenessProbe().getHttpGet().getPath());
        assertEquals("http", container.getLivenessProbe().getHttpGet().getPort().getStrVal());
        assertEquals("/health", container.getReadinessProbe().getHttpGet().getPath());
        assertEquals(8090, container.getPorts().get(0).getContainerPort());

        Map<String, EnvVar> env = container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName,
                Function.identity()));
        assertEquals("dep_abc0000000000000000001", env.get("MGW_DEPLOYMENT_ID").getValue());
        assertEquals("wf_abc0000000000000000001", env.get("MGW_WORKFLOW_ID").getValue());
        assertEquals("org_acme0000000000000001", env.get("MGW_ORGANIZATION_ID").getValue());
        assertEquals("/etc/mgw/deployment-spec.json", env.get("MGW_DEPLOYMENT_SPEC_FILE").getValue());
        assertEquals("mgw-runtime", env.get("MGW_SERVICE_TOKEN").getValueFrom().getSecretKeyRef().getName());
        assertEquals("MGW_SERVICE_TOKEN", env.get("MGW_SERVICE_TOKEN").getValueFrom().getSecretKeyRef().getKey());

        var configMap = client.configMaps().inNamespace(NAMESPACE).withName("workflow-wf-abc0000000000000000001").get();
        assertTrue(configMap.getData().get("deployment-spec.json").contains("\"deployment_id\":\"dep_abc0000000000000000001\""),
                configMap.getData().toString());
        assertTrue(configMap.getData().get("deployment-spec.json").contains("\"max_concurrent_sessions\":10"));

        Service service = client.services().inNamespace(NAMESPACE).withName("workflow-wf-abc0000000000000000001").get();
        assertNotNull(service);
        assertEquals(80, service.getSpec().getPorts().get(0).getPort());
        assertEquals("http", service.getSpec().getPorts().get(0).getTargetPort().getStrVal());
        assertEquals("dep_abc0000000000000000001", service.getSpec().getSelector().get("mgw.io/deployment"));
        assertEquals("mgw", service.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
    }

    @Test
    void applyTwiceUpdatesInPlaceAndDefaultsApplyWithoutGpu() {
        var first = KubernetesTestDeployments.deployment("dep_upd0000000000000000001", "wf_upd0000000000000000001",
                null, null, null, 0, null, 1);
        driver().apply(first);
        var second = KubernetesTestDeployments.deployment("dep_upd0000000000000000001", "wf_upd0000000000000000001",
                "250m", null, null, 2, "amd.com/gpu", 3);
        driver().apply(second);

        Deployment deployment = client.apps().deployments().inNamespace(NAMESPACE)
                .withName("workflow-wf-upd0000000000000000001").get();
        assertEquals(3, deployment.getSpec().getReplicas());
        var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(new Quantity("250m"), container.getResources().getRequests().get("cpu"));
        assertEquals(new Quantity("512Mi"), container.getResources().getRequests().get("memory"), "default memory");
        assertNull(container.getResources().getRequests().get("ephemeral-storage"));
        assertEquals(new Quantity("2"), container.getResources().getLimits().get("amd.com/gpu"),
                "a gpu_type that is a resource name is used as one");
        assertNull(container.getResources().getLimits().get("nvidia.com/gpu"));
        var nodeSelector = deployment.getSpec().getTemplate().getSpec().getNodeSelector();
        assertTrue(nodeSelector == null || nodeSelector.isEmpty(), "no GPU model, no node selector: " + nodeSelector);
        assertEquals(1, client.apps().deployments().inNamespace(NAMESPACE).list().getItems().size());
    }

    @Test
    void scaleZeroStopsAndKeepsEverythingScaleOneStarts() {
        var record = KubernetesTestDeployments.deployment("dep_scl0000000000000000001", "wf_scl0000000000000000001",
                null, null, null, 0, null, 2);
        driver().apply(record);

        assertEquals("stopped", driver().scale(record, 0).status());
        var resource = client.apps().deployments().inNamespace(NAMESPACE).withName("workflow-wf-scl0000000000000000001");
        assertEquals(0, resource.get().getSpec().getReplicas());
        assertNotNull(client.services().inNamespace(NAMESPACE).withName("workflow-wf-scl0000000000000000001").get(),
                "stop keeps the Service");
        assertNotNull(client.configMaps().inNamespace(NAMESPACE).withName("workflow-wf-scl0000000000000000001").get());

        assertEquals("pending", driver().scale(record, 1).status());
        assertEquals(1, resource.get().getSpec().getReplicas());
    }

    @Test
    void removeDeletesExactlyWhatApplyCreated() {
        var record = KubernetesTestDeployments.deployment("dep_rem0000000000000000001", "wf_rem0000000000000000001",
                null, null, null, 0, null, 1);
        driver().apply(record);
        client.apps().deployments().inNamespace(NAMESPACE).resource(new DeploymentBuilder()
                .withNewMetadata().withName("someone-elses").addToLabels("app", "other").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "other").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "other").endMetadata().withNewSpec()
                .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().endTemplate()
                .endSpec().build()).create();
        // Another deployment of ours, and an unlabelled ConfigMap: neither is the removed deployment's.
        var other = KubernetesTestDeployments.deployment("dep_oth0000000000000000001", "wf_oth0000000000000000001",
                null, null, null, 0, null, 1);
        driver().apply(other);
        client.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("foreign-config").endMetadata().addToData("k", "v").build()).create();

        driver().remove(record);

        String name = "workflow-wf-rem0000000000000000001";
        assertNull(client.apps().deployments().inNamespace(NAMESPACE).withName(name).get());
        assertNull(client.services().inNamespace(NAMESPACE).withName(name).get());
        assertNull(client.configMaps().inNamespace(NAMESPACE).withName(name).get());
        assertNotNull(client.apps().deployments().inNamespace(NAMESPACE).withName("someone-elses").get(),
                "a foreign Deployment survives");
        assertNotNull(client.apps().deployments().inNamespace(NAMESPACE).withName("workflow-wf-oth0000000000000000001")
                .get(), "another deployment's objects survive");
        assertNotNull(client.configMaps().inNamespace(NAMESPACE).withName("foreign-config").get());

        driver().remove(record); // already gone: not an error
    }

    @Test
    void informerSeesRolloutBecomeAvailableAndReportsReady() throws Exception {
        var record = KubernetesTestDeployments.deployment("dep_inf0000000000000000001", "wf_inf0000000000000000001",
                null, null, null, 0, null, 1);
        driver().apply(record);
        var seen = new LinkedBlockingQueue<DriverStatus>();
        try (var watcher = new RolloutWatcher(client, NAMESPACE, 0, (id, status) -> {
            if (id.equals(record.id())) {
                seen.add(status);
            }
        })) {
            watcher.start();
            DriverStatus first = seen.poll(10, TimeUnit.SECONDS);
            assertNotNull(first, "the informer reports the existing Deployment");
            assertEquals("pending", first.status());

            client.apps().deployments().inNamespace(NAMESPACE).withName("workflow-wf-inf0000000000000000001")
                    .editStatus(d -> new DeploymentBuilder(d).withNewStatus().withReplicas(1).withReadyReplicas(1)
                            .withAvailableReplicas(1).withUpdatedReplicas(1)
                            .addToConditions(new DeploymentConditionBuilder().withType("Available").withStatus("True")
                                    .withReason("MinimumReplicasAvailable").build())
                            .endStatus().build());

            DriverStatus next = seen.poll(10, TimeUnit.SECONDS);
            assertNotNull(next, "the informer reports the change without polling");
            assertEquals(new DriverStatus("ready", null, 1), next);

            client.apps().deployments().inNamespace(NAMESPACE).withName("workflow-wf-inf0000000000000000001")
                    .editStatus(d -> new DeploymentBuilder(d).editStatus().withReadyReplicas(0).withAvailableReplicas(0)
                            .withConditions(new DeploymentConditionBuilder().withType("Progressing").withStatus("False")
                                    .withReason("ProgressDeadlineExceeded")
                                    .withMessage("ReplicaSet has timed out progressing.").build())
                            .endStatus().build());
            DriverStatus failed = seen.poll(10, TimeUnit.SECONDS);
            assertNotNull(failed);
            assertEquals("failed", failed.status());
            assertEquals("ProgressDeadlineExceeded: ReplicaSet has timed out progressing.", failed.reason());
        }
    }
}
