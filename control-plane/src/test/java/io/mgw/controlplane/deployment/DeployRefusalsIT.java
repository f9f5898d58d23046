package io.mgw.controlplane.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.mgw.controlplane.deployment.kubernetes.KubernetesClientFactory;
import io.mgw.controlplane.testing.Api;
import io.mgw.controlplane.testing.ControlPlaneTestSupport;
import io.mgw.controlplane.testing.Tenants;
import io.mgw.controlplane.testing.Tenants.Tenant;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a deploy answers when the deployment backend refuses it, over REST: an API server that rejects the resources
 * as invalid is the caller's problem (400 {@code deployment_rejected}, with the server's words); one that fails is
 * the backend's (503 {@code deployment_backend_unavailable}). The Kubernetes API server is Fabric8's mock server, set
 * to answer the deploy's first request.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeployRefusalsIT implements TestPropertyProvider {

    private static final String CONFIGMAPS = "/api/v1/namespaces/user-workflows/configmaps";

    @Inject
    EmbeddedServer server;
    @Inject
    KubernetesMockServer kubernetes;
    Api api;
    Tenant acme;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(ControlPlaneTestSupport.properties("deployrefusals"));
        properties.put("mgw.deploy-driver", "kubernetes");
        properties.put("mgw.test.kubernetes-mock", "expectations");
        properties.put("mgw.lifecycle.enabled", "false");
        return properties;
    }

    @BeforeAll
    void tenants() {
        api = new Api(server.getURI());
        acme = Tenants.create(api, "refusals");
    }

    private String workflow() {
        var created = api.post("/api/v1/workflows", acme.ownerKey(), Api.json(Map.of("name", "refused",
                "nodes", List.of(Map.of("id", "t", "nodeId", "api-trigger"), Map.of("id", "l", "nodeId", "log")),
                "connections", List.of(Map.of("sourceNodeId", "t", "targetNodeId", "l")))));
        assertEquals(201, created.status(), created.raw());
        return created.text("workflowId");
    }

    /** The API server answers the deploy's first request {@code times} times (the client retries server errors). */
    private void refuseDeploy(int code, String reason, String message, int times) {
        kubernetes.expect().post().withPath(CONFIGMAPS).andReturn(code, new StatusBuilder().withStatus("Failure")
                .withCode(code).withReason(reason).withMessage(message).build()).times(times);
    }

    @Test
    void resourcesTheClusterRejectsAreA400WithItsWords() {
        refuseDeploy(422, "Invalid", "ConfigMap \"workflow-spec\" is invalid: data: Too long: must have at most"
                + " 1048576 bytes", 1);
        var deployed = api.post("/api/v1/workflows/" + workflow() + "/deploy", acme.ownerKey(), "");
        assertEquals(400, deployed.status(), deployed.raw());
        assertEquals("deployment_rejected", deployed.text("error"));
        assertTrue(deployed.text("message").contains("must have at most 1048576 bytes"), deployed.raw());
    }

    @Test
    void aFailingClusterIsA503WithinSecondsNotA500() {
        // Every attempt the client makes, and no more (the next test's deploy must not meet a leftover answer).
        refuseDeploy(500, "InternalError", "etcdserver: request timed out", KubernetesClientFactory.REQUEST_RETRIES + 1);
        long t0 = System.nanoTime();
        var deployed = api.post("/api/v1/workflows/" + workflow() + "/deploy", acme.ownerKey(), "");
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(millis < 10_000, "the retries are bounded, the caller is not held: " + millis + " ms");
        assertEquals(503, deployed.status(), deployed.raw());
        assertEquals("deployment_backend_unavailable", deployed.text("error"));
        assertTrue(!deployed.text("message").isBlank() && !deployed.text("message").contains("\tat "), deployed.raw());
    }
}
