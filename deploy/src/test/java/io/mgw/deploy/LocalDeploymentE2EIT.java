package io.mgw.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.mgw.adapters.contract.RedisKeys;
import io.mgw.embedded.TestServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The three real processes together: deploying a workflow over REST makes the local runtime host it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalDeploymentE2EIT {

    private final HttpClient http = HttpClient.newHttpClient();
    private Mgw mgw;
    private RedisClient redis;
    private StatefulRedisConnection<String, String> connection;

    @BeforeAll
    void start() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", TestServices.createDatabase("e2e_deploy"));
        env.put("REDIS_URL", TestServices.redisUrl());
        env.put("MGW_DATA_DIR", Files.createTempDirectory("mgw-e2e").toString());
        env.put("MGW_CONTROL_PLANE_PORT", "0");
        env.put("MGW_GATEWAY_PORT", "0");
        env.put("MGW_RUNTIME_PORT", "0");
        env.put("MGW_POD_ID", "pod-e2e-" + System.nanoTime());
        mgw = Mgw.start("up", env);
        redis = RedisClient.create(TestServices.redisUrl());
        connection = redis.connect();
    }

    @AfterAll
    void stop() {
        if (connection != null) {
            connection.close();
            redis.shutdown();
        }
        if (mgw != null) {
            mgw.close();
        }
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(mgw.controlPlaneUrl() + path))
                .header("X-API-Key", mgw.adminKey()).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void deployingAWorkflowRegistersTheRuntimePodForItsDeployment() throws Exception {
        var created = call("POST", "/api/v1/workflows", "{\"name\":\"e2e\",\"nodes\":[{\"id\":\"t\",\"nodeId\":\"api-trigger\"},"
                + "{\"id\":\"l\",\"nodeId\":\"log\"}],\"connections\":[{\"sourceNodeId\":\"t\",\"targetNodeId\":\"l\"}]}");
        assertEquals(201, created.statusCode(), created.body());
        String workflowId = created.body().replaceAll(".*\"workflowId\":\"([^\"]+)\".*", "$1");
        var deployed = call("POST", "/api/v1/workflows/" + workflowId + "/deploy", "");
        assertEquals(200, deployed.statusCode(), deployed.body());

        var hosted = http.send(HttpRequest.newBuilder(URI.create(mgw.runtimeUrl() + "/internal/deployments"))
                .header("X-Service-Token", secret("MGW_SERVICE_TOKEN")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, hosted.statusCode(), hosted.body());
        String deploymentId = hosted.body().replaceAll(".*\"items\":\\[\"([^\"]+)\".*", "$1");
        assertTrue(deploymentId.startsWith("dep_"), hosted.body());
        String podsKey = RedisKeys.podsOf(deploymentId);
        awaitTrue(() -> !connection.sync().zrange(podsKey, 0, -1).isEmpty(), "pod registered for " + deploymentId);
        String podId = connection.sync().zrange(podsKey, 0, -1).get(0);
        Map<String, String> pod = connection.sync().hgetall(RedisKeys.pod(podId));
        assertTrue(pod.get(RedisKeys.POD_DEPLOYMENTS).contains(deploymentId), pod.toString());
        assertTrue(pod.get(RedisKeys.POD_URL).startsWith("ws://"), pod.toString());

        assertEquals(200, call("POST", "/api/v1/workflows/" + workflowId + "/stop", "").statusCode());
        awaitTrue(() -> connection.sync().zrange(podsKey, 0, -1).isEmpty(), "stopped deployment leaves the pod set");
        var started = call("POST", "/api/v1/workflows/" + workflowId + "/start", "{\"replicas\":1}");
        assertEquals(200, started.statusCode(), started.body());
        awaitTrue(() -> connection.sync().zrange(podsKey, 0, -1).equals(List.of(podId)), "started again");
        assertEquals(200, call("POST", "/api/v1/workflows/" + workflowId + "/undeploy", "").statusCode());
        awaitTrue(() -> connection.sync().zrange(podsKey, 0, -1).isEmpty(), "undeployed");
    }

    private String secret(String name) throws Exception {
        var properties = new java.util.Properties();
        try (var reader = Files.newBufferedReader(Path.of(mgwDataDir(), "secrets.properties"))) {
            properties.load(reader);
        }
        return properties.getProperty(name);
    }

    private String mgwDataDir() {
        return mgw.dataDir().toString();
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting: " + what);
    }
}
