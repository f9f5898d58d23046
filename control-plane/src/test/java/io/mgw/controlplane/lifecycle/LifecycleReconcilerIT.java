package io.mgw.controlplane.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.mgw.controlplane.deployment.Deployment;
import io.mgw.controlplane.deployment.DeploymentRepository;
import io.mgw.controlplane.testing.Api;
import io.mgw.controlplane.testing.ControlPlaneTestSupport;
import io.mgw.controlplane.testing.TestClock;
import io.mgw.controlplane.testing.Tenants;
import io.mgw.controlplane.testing.Tenants.Tenant;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The control plane with the kubernetes driver on Fabric8's mock API server (CRUD) and a real PostgreSQL: deploy
 * creates the objects, the informer marks the record ready, the reconciler stops an idle deployment after its
 * timeout (test clock), and ensureRunning starts an on-demand one again.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LifecycleReconcilerIT implements TestPropertyProvider {

    private static final String NS = "user-workflows";

    @Inject
    EmbeddedServer server;
    @Inject
    KubernetesClient kubernetes;
    @Inject
    LifecycleReconciler reconciler;
    @Inject
    DeploymentRepository deployments;
    @Inject
    TestClock clock;
    Api api;
    Tenant acme;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(ControlPlaneTestSupport.properties("lifecycle"));
        properties.put("mgw.deploy-driver", "kubernetes");
        properties.put("mgw.test.kubernetes-mock", "true");
        properties.put("mgw.lifecycle.interval", "1h");
        return properties;
    }

    @BeforeAll
    void setUp() {
        api = new Api(server.getURI());
        acme = Tenants.create(api, "lifecycle");
    }

    private String deployedWorkflow(String name, Map<String, Object> policy) {
        String id = api.post("/api/v1/workflows", acme.ownerKey(), Api.json(Map.of("name", name))).text("workflowId");
        var lifecycle = api.put("/api/v1/workflows/" + id + "/lifecycle", acme.ownerKey(), Api.json(policy));
        assertEquals(200, lifecycle.status(), lifecycle.raw());
        var deploy = api.post("/api/v1/workflows/" + id + "/deploy", acme.ownerKey(), "{}");
        assertEquals(200, deploy.status(), deploy.raw());
        return id;
    }

    private Deployment awaitRecord(String workflowId, Predicate<Deployment> condition, String what) {
        Instant deadline = Instant.now().plusSeconds(15);
        Deployment current = null;
        while (Instant.now().isBefore(deadline)) {
            current = deployments.listNewestFirst(workflowId).get(0);
            if (condition.test(current)) {
                return current;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError(what + "; last record: " + current);
    }

    private String k8sName(String workflowId) {
        return "workflow-" + workflowId.replace('_', '-');
    }

    private void markAvailable(String workflowId) {
        kubernetes.apps().deployments().inNamespace(NS).withName(k8sName(workflowId))
                .editStatus(d -> new DeploymentBuilder(d).withNewStatus().withReplicas(1).withReadyReplicas(1)
                        .withAvailableReplicas(1).withUpdatedReplicas(1)
                        .addToConditions(new DeploymentConditionBuilder().withType("Available").withStatus("True")
                                .build()).endStatus().build());
    }

    @Test
    void deployThenInformerReadyThenIdleShutdownAfterTheTimeout() {
        String workflowId = deployedWorkflow("idle-one", Map.of("type", "idle-shutdown", "idleTimeoutMinutes", 10));
        var k8s = kubernetes.apps().deployments().inNamespace(NS).withName(k8sName(workflowId)).get();
        assertEquals(1, k8s.getSpec().getReplicas());
        assertTrue(kubernetes.services().inNamespace(NS).withName(k8sName(workflowId)).get() != null);

        markAvailable(workflowId);
        Deployment ready = awaitRecord(workflowId, d -> d.status().equals("ready"), "the informer marks it ready");
        assertEquals(1, ready.readyReplicas());
        assertEquals(NS, ready.namespace());

        reconciler.reconcile();
        assertEquals("ready", deployments.findById(ready.id()).orElseThrow().status(), "not idle yet");

        clock.advance(Duration.ofMinutes(11));
        reconciler.reconcile();
        Deployment stopped = deployments.findById(ready.id()).orElseThrow();
        assertEquals("stopped", stopped.status());
        assertEquals("idle for 10 minutes", stopped.stoppedReason());
        assertEquals(0, kubernetes.apps().deployments().inNamespace(NS).withName(k8sName(workflowId)).get()
                .getSpec().getReplicas(), "scaled to zero");
        assertTrue(kubernetes.services().inNamespace(NS).withName(k8sName(workflowId)).get() != null, "kept");

        var again = reconciler.reconcile();
        assertEquals("stopped", deployments.findById(ready.id()).orElseThrow().status(), "idempotent");
        assertEquals(0, again.started());
    }

    @Test
    void aStreamingWorkflowShowsDeployedOnceItsRolloutIsReady() {
        String workflowId = api.post("/api/v1/workflows", acme.ownerKey(), Api.json(Map.of("name", "voice",
                "workflowType", "streaming", "nodes", java.util.List.of(Map.of("id", "e", "nodeId", "echo")))))
                .text("workflowId");
        var deploy = api.post("/api/v1/streaming-workflows/" + workflowId + "/deploy", acme.ownerKey(), "{}");
        assertEquals(201, deploy.status(), deploy.raw());
        assertEquals("deploying", api.get("/api/v1/streaming-workflows/" + workflowId, acme.ownerKey()).text("status"));
        var session = api.post("/api/v1/streaming-sessions", acme.ownerKey(), Api.json(Map.of("workflowId", workflowId)));
        assertEquals(201, session.status(), session.raw());
        var created = api.get("/api/v1/streaming-sessions/" + session.text("session_id"), acme.ownerKey());
        assertEquals(deploy.text("_id"), created.text("deployment_id"), "a session waits for the rollout, on it");
        assertEquals("scheduling", created.text("status"));
        markAvailable(workflowId);
        awaitRecord(workflowId, d -> d.status().equals("ready"), "the informer marks it ready");
        assertEquals("deployed", api.get("/api/v1/streaming-workflows/" + workflowId, acme.ownerKey()).text("status"),
                "the workflow follows its rollout");
    }

    @Test
    void onDemandDeploymentStartsOnTriggerThroughEnsureRunning() {
        String workflowId = deployedWorkflow("on-demand-one", Map.of("type", "on-demand", "idleTimeoutMinutes", 5));
        Deployment deployment = deployments.listNewestFirst(workflowId).get(0);
        clock.advance(Duration.ofMinutes(6));
        reconciler.reconcile();
        assertEquals("stopped", deployments.findById(deployment.id()).orElseThrow().status());

        Deployment started = reconciler.ensureRunning(workflowId).orElseThrow();
        assertEquals("pending", started.status());
        assertEquals(1, kubernetes.apps().deployments().inNamespace(NS).withName(k8sName(workflowId)).get()
                .getSpec().getReplicas(), "started again");

        reconciler.reconcile();
        assertEquals("pending", deployments.findById(deployment.id()).orElseThrow().status(),
                "the trigger counts as activity: not stopped again right away");
    }

    @Test
    void aUsersStopIsNotUndoneByATrigger() {
        String workflowId = deployedWorkflow("user-stopped", Map.of("type", "on-demand", "idleTimeoutMinutes", 5));
        var stop = api.post("/api/v1/workflows/" + workflowId + "/stop", acme.ownerKey(), "{}");
        assertEquals(200, stop.status(), stop.raw());
        assertEquals("stopped", reconciler.ensureRunning(workflowId).orElseThrow().status());
    }
}
