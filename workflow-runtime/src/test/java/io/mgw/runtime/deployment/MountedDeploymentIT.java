package io.mgw.runtime.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.mgw.adapters.config.ConfigException;
import io.mgw.adapters.contract.RedisKeys;
import io.mgw.embedded.TestServices;
import io.mgw.runtime.testing.RuntimeHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pod started by the Kubernetes driver hosts the deployment whose spec is mounted, from its first heartbeat. */
class MountedDeploymentIT {

    @TempDir
    Path dir;

    @Test
    void hostsAndRegistersTheMountedDeploymentAtStart() throws Exception {
        String deployment = "dep_mounted" + System.nanoTime();
        Path spec = dir.resolve("deployment-spec.json");
        Files.writeString(spec, "{\"deployment_id\":\"" + deployment + "\",\"organization_id\":\"org_a\","
                + "\"workflow_id\":\"wf_a\",\"workflow_type\":\"streaming\","
                + "\"nodes\":[{\"id\":\"e\",\"nodeId\":\"echo\"}],\"connections\":[],\"settings\":{}}");
        String pod = RuntimeHarness.uniquePodId();
        try (RuntimeHarness runtime = new RuntimeHarness(Map.of("MGW_POD_ID", pod,
                "MGW_DEPLOYMENT_SPEC_FILE", spec.toString(), "MGW_DEPLOYMENT_ID", deployment))) {
            var hosted = runtime.internal("GET", "/internal/deployments", null);
            assertTrue(hosted.body().contains(deployment), hosted.body());
            RedisClient redis = RedisClient.create(TestServices.redisUrl());
            try (var connection = redis.connect()) {
                assertTrue(connection.sync().zrange(RedisKeys.podsOf(deployment), 0, -1).contains(pod));
            } finally {
                redis.shutdown();
            }
        }
    }

    @Test
    void aMissingOrInvalidSpecStopsTheStartWithAClearMessage() throws Exception {
        ConfigException missing = assertThrows(ConfigException.class, () -> new RuntimeHarness(Map.of(
                "MGW_DEPLOYMENT_SPEC_FILE", dir.resolve("nope.json").toString(), "MGW_DEPLOYMENT_ID", "dep_x")));
        assertTrue(missing.getMessage().contains("MGW_DEPLOYMENT_SPEC_FILE"), missing.getMessage());
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, "{}");
        ConfigException noId = assertThrows(ConfigException.class, () -> new RuntimeHarness(Map.of(
                "MGW_DEPLOYMENT_SPEC_FILE", spec.toString())));
        assertTrue(noId.getMessage().contains("MGW_DEPLOYMENT_ID"), noId.getMessage());
        IllegalStateException invalid = assertThrows(IllegalStateException.class, () -> new RuntimeHarness(Map.of(
                "MGW_DEPLOYMENT_SPEC_FILE", spec.toString(), "MGW_DEPLOYMENT_ID", "dep_x")));
        assertTrue(invalid.getMessage().contains("is invalid"), invalid.getMessage());
        assertEquals(IllegalStateException.class, invalid.getClass());
    }
}
