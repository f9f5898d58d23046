package io.mgw.runtime.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgw.adapters.contract.InternalApi;
import io.mgw.adapters.contract.RedisKeys;
import io.mgw.embedded.TestServices;
import io.mgw.runtime.testing.Await;
import io.mgw.runtime.testing.RedisProbe;
import io.mgw.runtime.testing.RuntimeHarness;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pod's entries in the Redis registry as a gateway reads them, driven through the internal API. */
class PodRegistrationIT {

    private static final Duration DEADLINE = Duration.ofSeconds(5);

    private final String podId = RuntimeHarness.uniquePodId();
    private RedisProbe probe;
    private RuntimeHarness runtime;

    @BeforeEach
    void start() {
        probe = new RedisProbe(TestServices.redisUrl());
        runtime = new RuntimeHarness(Map.of("MGW_POD_ID", podId, "MGW_POD_CAPACITY", "12",
                "MGW_POD_ADVERTISE_URL", "ws://10.1.2.3:8090"));
    }

    @AfterEach
    void stop() {
        runtime.close();
        probe.close();
    }

    @Test
    void startRegistersThePodWithItsCapacityAndNoDeployments() {
        Await.until(DEADLINE, "pod hash written", () -> !probe.pod(podId).isEmpty());

        assertEquals(Map.of(RedisKeys.POD_URL, "ws://10.1.2.3:8090", RedisKeys.POD_DEPLOYMENTS, "",
                RedisKeys.POD_CAPACITY, "12", RedisKeys.POD_ACTIVE, "0"), probe.pod(podId));
    }

    @Test
    void putAddsThePodToTheDeploymentsSetAndDeleteRemovesIt() throws Exception {
        String first = RuntimeHarness.uniqueDeploymentId();
        String second = RuntimeHarness.uniqueDeploymentId();
        assertEquals(201, runtime.internal("PUT", InternalApi.runtimeDeploymentPath(first), "{\"nodes\":[]}").statusCode());
        assertEquals(201, runtime.internal("PUT", InternalApi.runtimeDeploymentPath(second), "{\"nodes\":[]}").statusCode());

        Await.until(DEADLINE, "pod in both sets", () -> probe.podsOf(first).contains(podId) && probe.podsOf(second).contains(podId));
        Map<String, String> hash = probe.pod(podId);
        assertEquals("ws://10.1.2.3:8090", hash.get(RedisKeys.POD_URL));
        assertEquals(String.join(",", java.util.stream.Stream.of(first, second).sorted().toList()), hash.get(RedisKeys.POD_DEPLOYMENTS));
        assertEquals("12", hash.get(RedisKeys.POD_CAPACITY));
        assertEquals("0", hash.get(RedisKeys.POD_ACTIVE));
        long ttl = probe.podTtl(podId);
        assertTrue(ttl >= 1 && ttl <= RedisKeys.POD_TTL_SECONDS, "TTL " + ttl);
        double score = probe.score(first, podId);
        assertTrue(Math.abs(System.currentTimeMillis() - score) < 60_000, "score is not a recent epoch-millis time: " + score);

        assertEquals(204, runtime.internal("DELETE", InternalApi.runtimeDeploymentPath(first), null).statusCode());

        Await.until(DEADLINE, "pod gone from the dropped deployment's set", () -> !probe.podsOf(first).contains(podId));
        assertTrue(probe.podsOf(second).contains(podId));
        assertEquals(second, probe.pod(podId).get(RedisKeys.POD_DEPLOYMENTS));
    }

    @Test
    void activeSessionsAreReportedInTheHash() {
        runtime.server().registry().activeSessions(4);

        Await.until(DEADLINE, "active = 4", () -> "4".equals(probe.pod(podId).get(RedisKeys.POD_ACTIVE)));
    }

    @Test
    void closeRemovesTheHashAndEverySetMembership() throws Exception {
        String deploymentId = RuntimeHarness.uniqueDeploymentId();
        runtime.internal("PUT", InternalApi.runtimeDeploymentPath(deploymentId), "{\"nodes\":[]}");
        Await.until(DEADLINE, "pod registered", () -> probe.podsOf(deploymentId).contains(podId));

        runtime.close();

        assertTrue(probe.pod(podId).isEmpty(), "pod hash left behind");
        assertEquals(-2, probe.podTtl(podId));
        assertFalse(probe.podsOf(deploymentId).contains(podId), "pod left in the deployment's set");
    }

    @Test
    void metricsCountHostedDeploymentsAndHeartbeatFailures() throws Exception {
        String deploymentId = RuntimeHarness.uniqueDeploymentId();
        runtime.internal("PUT", InternalApi.runtimeDeploymentPath(deploymentId), "{\"nodes\":[]}");

        String body = runtime.get("/metrics").body();

        assertTrue(body.contains("\nmgw_runtime_deployments_hosted 1.0\n"), "hosted deployments gauge missing");
        assertTrue(body.contains("\nmgw_runtime_registry_heartbeat_failures_total 0.0\n"), "heartbeat failure counter missing");
    }
}
