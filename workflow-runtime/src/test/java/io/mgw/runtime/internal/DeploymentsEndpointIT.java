package io.mgw.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mgw.adapters.contract.InternalApi;
import io.mgw.adapters.frame.FrameJson;
import io.mgw.runtime.testing.RuntimeHarness;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The runtime's internal deployment API over a real socket, as control plane's local driver calls it. */
class DeploymentsEndpointIT {

    private static RuntimeHarness runtime;

    @BeforeAll
    static void startRuntime() {
        runtime = new RuntimeHarness(Map.of("MGW_POD_ID", RuntimeHarness.uniquePodId()));
    }

    @AfterAll
    static void stopRuntime() {
        runtime.close();
    }

    static String spec(String deploymentId) {
        String id = deploymentId == null ? "" : "\"deployment_id\":\"" + deploymentId + "\",";
        return "{" + id + "\"organization_id\":\"org_test\",\"workflow_id\":\"wf_abcdefghijklmnop\","
                + "\"workflow_type\":\"streaming\","
                + "\"nodes\":[{\"id\":\"node-aaaaaaaaaaaaaaaa\",\"type\":\"trigger\",\"config\":{}}],"
                + "\"connections\":[],\"settings\":{\"timeout\":30},"
                + "\"limits\":{\"max_concurrent_sessions\":5,\"idle_timeout_seconds\":60}}";
    }

    @Test
    void putListGetAndDeleteADeployment() throws Exception {
        String id = RuntimeHarness.uniqueDeploymentId();
        String path = InternalApi.runtimeDeploymentPath(id);

        HttpResponse<String> created = runtime.internal("PUT", path, spec(id));
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("application/json", created.headers().firstValue("content-type").orElse(""));
        assertEquals("{\"deployment_id\":\"" + id + "\",\"status\":\"ready\"}", created.body());

        HttpResponse<String> again = runtime.internal("PUT", path, spec(id));
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(created.body(), again.body());

        JsonNode list = FrameJson.mapper().readTree(runtime.internal("GET", "/internal/deployments", null).body());
        assertTrue(list.path("count").asInt() >= 1, list.toString());
        assertTrue(list.path("items").toString().contains("\"" + id + "\""), list.toString());

        JsonNode hosted = FrameJson.mapper().readTree(runtime.internal("GET", path, null).body());
        assertEquals(id, hosted.path("deployment_id").asText());
        assertEquals("streaming", hosted.path("workflow_type").asText());
        assertEquals(5, hosted.path("limits").path("max_concurrent_sessions").asInt());

        HttpResponse<String> deleted = runtime.internal("DELETE", path, null);
        assertEquals(204, deleted.statusCode());
        assertEquals("", deleted.body());
        assertFalse(runtime.internal("GET", "/internal/deployments", null).body().contains(id));
        assertEquals(404, runtime.internal("GET", path, null).statusCode());
    }

    @Test
    void bodyWithoutDeploymentIdTakesThePathsAndWorkflowTypeDefaultsToBatch() throws Exception {
        String id = RuntimeHarness.uniqueDeploymentId();
        String path = InternalApi.runtimeDeploymentPath(id);

        assertEquals(201, runtime.internal("PUT", path, "{\"nodes\":[]}").statusCode());

        JsonNode hosted = FrameJson.mapper().readTree(runtime.internal("GET", path, null).body());
        assertEquals(id, hosted.path("deployment_id").asText());
        assertEquals("batch", hosted.path("workflow_type").asText());
        assertTrue(hosted.path("connections").isArray());
        runtime.internal("DELETE", path, null);
    }

    @Test
    void deletingAnUnknownDeploymentIsJson404() throws Exception {
        String id = RuntimeHarness.uniqueDeploymentId();

        HttpResponse<String> response = runtime.internal("DELETE", InternalApi.runtimeDeploymentPath(id), null);

        assertEquals(404, response.statusCode());
        assertEquals("{\"error\":\"not_found\",\"message\":\"deployment " + id + " is not hosted here\"}", response.body());
    }

    @ParameterizedTest
    @CsvSource({"PUT, /internal/deployments/dep_x", "DELETE, /internal/deployments/dep_x", "GET, /internal/deployments",
            "GET, /internal/deployments/dep_x", "POST, /internal/deployments/bad%20id"})
    void missingTokenIsJson401(String method, String path) throws Exception {
        HttpResponse<String> response = runtime.send(method, path, "PUT".equals(method) ? spec(null) : null, Map.of());

        assertUnauthorized(response);
    }

    @ParameterizedTest
    @ValueSource(strings = {"wrong-token", "test-service-token-", "test-service-toke", ""})
    void wrongTokenIsJson401(String token) throws Exception {
        String id = RuntimeHarness.uniqueDeploymentId();

        HttpResponse<String> response = runtime.send("PUT", InternalApi.runtimeDeploymentPath(id), spec(id),
                Map.of(InternalApi.SERVICE_TOKEN_HEADER, token));

        assertUnauthorized(response);
        assertFalse(runtime.internal("GET", "/internal/deployments", null).body().contains(id), "refused PUT was stored");
    }

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                Arguments.of("{\"nodes\":[}", "malformed_json", "malformed JSON: "),
                Arguments.of("{\"nodes\":[]} trailing", "malformed_json", "malformed JSON: "),
                Arguments.of("", "malformed_json", "the request body is empty"),
                Arguments.of("[]", "invalid_field", "the request body must be a JSON object"),
                Arguments.of("null", "invalid_field", "the request body must be a JSON object"),
                Arguments.of("{\"deployment_id\":\"dep_other\",\"nodes\":[]}", "invalid_field",
                        "deployment_id: 'dep_other' does not match"),
                Arguments.of("{\"deployment_id\":7,\"nodes\":[]}", "invalid_field", "deployment_id: "),
                Arguments.of("{\"workflow_type\":\"cron\",\"nodes\":[]}", "invalid_field",
                        "workflow_type: 'cron' is not one of batch, streaming"),
                Arguments.of("{\"nodes\":{}}", "invalid_field", "nodes: required, a JSON array"),
                Arguments.of("{\"connections\":[]}", "invalid_field", "nodes: required, a JSON array"),
                Arguments.of("{\"nodes\":[],\"connections\":\"x\"}", "invalid_field", "connections: must be a JSON array"),
                Arguments.of("{\"nodes\":[],\"settings\":[]}", "invalid_field", "settings: must be a JSON object"),
                Arguments.of("{\"nodes\":[],\"limits\":{\"max_concurrent_sessions\":\"5\"}}", "invalid_field",
                        "limits.max_concurrent_sessions: "),
                Arguments.of("{\"nodes\":[],\"limits\":{\"idle_timeout_seconds\":0}}", "invalid_field",
                        "limits.idle_timeout_seconds: must be a positive integer"));
    }

    @ParameterizedTest
    @MethodSource("invalidBodies")
    void invalidBodyIsJson400NamingTheProblem(String body, String code, String messageStart) throws Exception {
        String id = RuntimeHarness.uniqueDeploymentId();

        HttpResponse<String> response = runtime.internal("PUT", InternalApi.runtimeDeploymentPath(id), body);

        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = FrameJson.mapper().readTree(response.body());
        assertEquals(code, error.path("error").asText(), response.body());
        assertTrue(error.path("message").asText().startsWith(messageStart), response.body());
        assertEquals(404, runtime.internal("GET", InternalApi.runtimeDeploymentPath(id), null).statusCode(), "invalid PUT was stored");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/internal/deployments/", "/internal/deployments/bad%20id", "/internal/deployments/a/b",
            "/internal/deployments/dep.x"})
    void malformedIdIsJson400(String path) throws Exception {
        HttpResponse<String> response = runtime.internal("PUT", path, spec(null));

        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().startsWith("{\"error\":\"invalid_deployment_id\","), response.body());
    }

    @Test
    void overlongIdIsJson400() throws Exception {
        HttpResponse<String> response = runtime.internal("DELETE", InternalApi.runtimeDeploymentPath("d".repeat(129)), null);

        assertEquals(400, response.statusCode());
    }

    @Test
    void otherMethodsAreJson405WithAllow() throws Exception {
        HttpResponse<String> item = runtime.internal("POST", InternalApi.runtimeDeploymentPath("dep_x"), "{}");
        assertEquals(405, item.statusCode());
        assertEquals("GET, PUT, DELETE", item.headers().firstValue("allow").orElse(""));

        HttpResponse<String> collection = runtime.internal("PUT", "/internal/deployments", "{}");
        assertEquals(405, collection.statusCode());
        assertEquals("GET", collection.headers().firstValue("allow").orElse(""));
        assertTrue(collection.body().startsWith("{\"error\":\"method_not_allowed\","), collection.body());
    }

    @Test
    void realisticGraphFitsAndOversizeBodyIsJson413() throws Exception {
        String id = RuntimeHarness.uniqueDeploymentId();
        String path = InternalApi.runtimeDeploymentPath(id);
        StringBuilder nodes = new StringBuilder();
        for (int i = 0; i < 1500; i++) {
            nodes.append(i == 0 ? "" : ",").append("{\"id\":\"node-").append(String.format("%016d", i))
                    .append("\",\"type\":\"llm\",\"position\":{\"x\":").append(i).append(",\"y\":0},\"config\":{\"prompt\":\"")
                    .append("You are a helpful voice agent. ".repeat(12)).append("\"}}");
        }
        String big = "{\"nodes\":[" + nodes + "],\"connections\":[]}";
        assertTrue(big.length() > 512 * 1024 && big.length() < 1024 * 1024, "graph of " + big.length() + " bytes");

        assertEquals(201, runtime.internal("PUT", path, big).statusCode());

        HttpResponse<String> response = runtime.internal("PUT", path, "{\"nodes\":[],\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}");
        assertEquals(413, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("content-type").orElse(""));
        assertTrue(response.body().startsWith("{\"error\":\"payload_too_large\","), response.body());
        // the connection that was refused keeps serving (the rest of the body was skipped)
        assertEquals(200, runtime.internal("GET", path, null).statusCode());
        runtime.internal("DELETE", path, null);
    }

    @Test
    void putWhileRedisIsDownIsJson503AndKeepsTheDefinition() throws Exception {
        String id = RuntimeHarness.uniqueDeploymentId();
        try (var noRedis = new RuntimeHarness(Map.of("MGW_POD_ID", RuntimeHarness.uniquePodId(),
                "REDIS_URL", "redis://127.0.0.1:" + closedPort()))) {
            HttpResponse<String> response = noRedis.internal("PUT", InternalApi.runtimeDeploymentPath(id), spec(id));

            assertEquals(503, response.statusCode(), response.body());
            assertTrue(response.body().startsWith("{\"error\":\"registry_unavailable\",\"message\":\"deployment " + id
                    + " is stored but not registered in Redis"), response.body());
            assertTrue(noRedis.internal("GET", "/internal/deployments", null).body().contains(id));
            assertEquals(204, noRedis.internal("DELETE", InternalApi.runtimeDeploymentPath(id), null).statusCode());
        }
    }

    private static int closedPort() throws java.io.IOException {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void assertUnauthorized(HttpResponse<String> response) {
        assertEquals(401, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("content-type").orElse(""));
        assertEquals("{\"error\":\"unauthorized\",\"message\":\"missing or wrong X-Service-Token header\"}", response.body());
    }
}
