package io.mgw.controlplane.deployment.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.mgw.controlplane.deployment.DeploymentDriverException;
import org.junit.jupiter.api.Test;

/** API-server refusals and outages become clear {@link DeploymentDriverException}s (mock server, expectation mode). */
@EnableKubernetesMockClient
class KubernetesDriverErrorsTest {

    private static final String CONFIGMAPS = "/api/v1/namespaces/user-workflows/configmaps";

    KubernetesMockServer server;
    KubernetesClient client;

    private DeploymentDriverException applyFailing(int code, String reason, String message) {
        server.expect().post().withPath(CONFIGMAPS).andReturn(code, new StatusBuilder().withStatus("Failure")
                .withCode(code).withReason(reason).withMessage(message).build()).once();
        var driver = new KubernetesDeploymentDriver(client, KubernetesTestDeployments.config(), new ObjectMapper());
        return assertThrows(DeploymentDriverException.class, () -> driver.apply(
                KubernetesTestDeployments.deployment("dep_err0000000000000000001", "wf_err0000000000000000001",
                        "2", "1Gi", null, 0, null, 1)));
    }

    @Test
    void forbiddenIsACallerErrorWithTheServersMessage() {
        var e = applyFailing(403, "Forbidden", "configmaps is forbidden: User \"system:serviceaccount:mgw:cp\" cannot"
                + " create resource \"configmaps\" in the namespace \"user-workflows\"");
        assertTrue(e.callerError());
        assertTrue(e.getMessage().startsWith("Kubernetes forbade the deploy of deployment dep_err0000000000000000001: "
                + "configmaps is forbidden"), e.getMessage());
        assertFalse(e.getMessage().contains("\tat "), "no stack trace in the message");
    }

    @Test
    void invalidIsACallerError() {
        var e = applyFailing(422, "Invalid", "Deployment.apps \"workflow-wf-err\" is invalid: spec.template.spec"
                + ".containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit");
        assertTrue(e.callerError());
        assertTrue(e.getMessage().startsWith("Kubernetes rejected the deploy of deployment dep_err0000000000000000001 as"
                + " invalid"), e.getMessage());
        assertTrue(e.getMessage().contains("must be less than or equal to cpu limit"), e.getMessage());
    }

    @Test
    void quotaExceededIsACallerErrorThatSaysQuota() {
        var e = applyFailing(403, "Forbidden", "exceeded quota: compute, requested: requests.cpu=2, used:"
                + " requests.cpu=8, limited: requests.cpu=8");
        assertTrue(e.callerError());
        assertTrue(e.getMessage().startsWith("Kubernetes resource quota exceeded"), e.getMessage());
    }

    @Test
    void unreachableApiServerIsNotACallerError() {
        try (KubernetesClient unreachable = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:1").withRequestRetryBackoffLimit(0).withConnectionTimeout(2000)
                .withNamespace("user-workflows").build()).build()) {
            var driver = new KubernetesDeploymentDriver(unreachable, KubernetesTestDeployments.config(),
                    new ObjectMapper());
            var e = assertThrows(DeploymentDriverException.class, () -> driver.apply(
                    KubernetesTestDeployments.deployment("dep_err0000000000000000002", "wf_err0000000000000000002",
                            null, null, null, 0, null, 1)));
            assertFalse(e.callerError());
            assertEquals("Kubernetes API server unreachable during deploy of deployment dep_err0000000000000000002;"
                    + " try again later", e.getMessage());
        }
    }
}
