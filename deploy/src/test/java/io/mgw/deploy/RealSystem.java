package io.mgw.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.mgw.adapters.contract.InternalApi;
import io.mgw.adapters.contract.RedisKeys;
import io.mgw.embedded.TestServices;
import io.mgw.gateway.GatewayMain;
import io.mgw.gateway.server.GatewayServer;
import io.mgw.gateway.testing.Await;
import io.mgw.gateway.testing.WsTestClient;
import io.mgw.runtime.RuntimeMain;
import io.mgw.runtime.server.RuntimeServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole system for an end-to-end test class: {@code bin/mgw up}'s processes in this JVM (control plane, gateway,
 * the launcher's runtime pod) on the test PostgreSQL and Redis, plus runtime pods and gateways a test starts for
 * itself (stopped by {@link #stopExtras()}), and the REST and internal-API calls the tests make. Every process is
 * the real one; the shared settings (secrets, events stream, short intervals) are the same for all of them.
 */
final class RealSystem implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(15);
    static final String JWT_SECRET = "e2e-real-system-jwt-secret-32-bytes";
    static final String SERVICE_TOKEN = "e2e-real-system-service-token-32-bytes";
    /** The settings every gateway and pod of the system shares; a test class may add to them. */
    private final Map<String, String> shared = new HashMap<>();
    private final List<RuntimeServer> pods = new ArrayList<>();
    private final List<GatewayServer> gateways = new ArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();
    final RedisClient redis;
    final Mgw mgw;
    /** The JDBC URL of the system's own database, for a test that must hold a row lock as a busy writer would. */
    final String databaseUrl;

    /** Starts the system; {@code settings} go to every process (durations, limits), on top of the test defaults. */
    RealSystem(String name, Map<String, String> settings) throws Exception {
        shared.put("REDIS_URL", TestServices.redisUrl());
        shared.put("MGW_JWT_SECRET", JWT_SECRET);
        shared.put("MGW_SERVICE_TOKEN", SERVICE_TOKEN);
        shared.put("MGW_EVENTS_STREAM", "mgw:events:e2e-" + name + ":" + System.nanoTime());
        shared.putAll(settings);
        Map<String, String> env = new HashMap<>(shared);
        databaseUrl = TestServices.createDatabase("e2e_" + name);
        env.put("DATABASE_URL", databaseUrl);
        env.put("MGW_DATA_DIR", Files.createTempDirectory("mgw-e2e-" + name).toString());
        env.put("MGW_CONTROL_PLANE_PORT", "0");
        env.put("MGW_GATEWAY_PORT", "0");
        env.put("MGW_RUNTIME_PORT", "0");
        env.put("MGW_POD_ID", "pod-e2e-" + name + "-" + System.nanoTime());
        mgw = Mgw.start("up", env);
        redis = RedisClient.create(TestServices.redisUrl());
    }

    /** The events stream every process of the system publishes to and the control plane consumes. */
    String eventsStream() {
        return shared.get("MGW_EVENTS_STREAM");
    }

    int gatewayPort() {
        return URI.create(mgw.gatewayUrl()).getPort();
    }

    /** A runtime pod of {@code capacity} sessions with the system's settings; it hosts nothing until {@link #host}. */
    RuntimeServer pod(int capacity) {
        Map<String, String> env = new HashMap<>(shared);
        env.put("MGW_BIND_HOST", "127.0.0.1");
        env.put("MGW_RUNTIME_PORT", "0");
        env.put("MGW_POD_ID", "pod-e2e-" + System.nanoTime());
        env.put("MGW_POD_CAPACITY", Integer.toString(capacity));
        RuntimeServer pod = RuntimeMain.start(env);
        pods.add(pod);
        return pod;
    }

    /** A runtime pod in a process of its own ({@code bin/mgw runtime}), which a test can kill as a crash would. */
    record PodProcess(Process process, int port, String podId, java.nio.file.Path log) implements AutoCloseable {

        String url() {
            return "http://127.0.0.1:" + port;
        }

        /** SIGKILL: the process dies at once and the kernel drops its connections; no close frame, no deregistration. */
        void crash() throws InterruptedException {
            process.destroyForcibly().waitFor();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Starts a runtime pod process with the system's settings and waits until it is healthy. */
    PodProcess podProcess() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String podId = "pod-e2e-process-" + System.nanoTime();
        java.nio.file.Path dataDir = Files.createTempDirectory("mgw-e2e-pod");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector",
                "-cp", "target/classes:target/lib/*", "io.mgw.deploy.Mgw", "runtime")
                .redirectErrorStream(true).redirectOutput(dataDir.resolve("runtime.log").toFile());
        Map<String, String> env = builder.environment();
        env.remove("DATABASE_URL");
        env.putAll(shared);
        env.put("MGW_DATA_DIR", dataDir.toString());
        env.put("MGW_BIND_HOST", "127.0.0.1");
        env.put("MGW_RUNTIME_PORT", Integer.toString(port));
        env.put("MGW_POD_ID", podId);
        PodProcess pod = new PodProcess(builder.start(), port, podId, dataDir.resolve("runtime.log"));
        try {
            Await.until(Duration.ofSeconds(60), () -> healthy(pod.url()), "the pod process is healthy (" + pod.log() + ")");
        } catch (AssertionError | RuntimeException e) {
            pod.close();
            throw e;
        }
        return pod;
    }

    private boolean healthy(String baseUrl) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Another gateway on the same control plane and Redis, with the system's settings and {@code overrides}. */
    GatewayServer gateway(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(shared);
        env.put("MGW_BIND_HOST", "127.0.0.1");
        env.put("MGW_GATEWAY_PORT", "0");
        env.put("MGW_CONTROL_PLANE_URL", mgw.controlPlaneUrl());
        env.putAll(overrides);
        GatewayServer gateway = GatewayMain.start(env);
        gateways.add(gateway);
        return gateway;
    }

    /** Stops the pods and gateways the test started (not the launcher's); for {@code @AfterEach}. */
    void stopExtras() {
        gateways.forEach(GatewayServer::close);
        gateways.clear();
        pods.forEach(RuntimeServer::close);
        pods.clear();
    }

    @Override
    public void close() {
        stopExtras();
        redis.shutdown();
        mgw.close();
    }

    // ---- workflows, sessions, deployments ---------------------------------------------------------------------

    /** A streaming workflow of {@code nodes} and {@code connections} (JSON arrays), deployed; its id. */
    String deployedWorkflow(String nodes, String connections, int maxConcurrentSessions) throws Exception {
        String workflow = json(call("POST", "/api/v1/workflows", "{\"name\":\"e2e agent\",\"workflowType\":\"streaming\","
                + "\"nodes\":" + nodes + ",\"connections\":" + connections + "}")).path("workflowId").asText();
        json(call("POST", "/api/v1/streaming-workflows/" + workflow + "/deploy",
                "{\"max_concurrent_sessions\":" + maxConcurrentSessions + "}"));
        return workflow;
    }

    /** The echo agent, deployed, and its deployment served by {@code pod} alone ({@link #moveTo}). */
    String echoWorkflowOnlyOn(RuntimeServer pod) throws Exception {
        String workflow = echoWorkflow(10);
        moveTo(workflow, pod);
        return workflow;
    }

    /** The echo agent, deployed. */
    String echoWorkflow(int maxConcurrentSessions) throws Exception {
        return deployedWorkflow("[{\"id\":\"echo\",\"nodeId\":\"echo\"}]", "[]", maxConcurrentSessions);
    }

    String newSession(String workflow) throws Exception {
        return json(call("POST", "/api/v1/streaming-sessions", "{\"workflowId\":\"" + workflow + "\"}"))
                .path("session_id").asText();
    }

    JsonNode session(String sessionId) throws Exception {
        return json(call("GET", "/api/v1/streaming-sessions/" + sessionId, null));
    }

    /** A fresh ws_token: reading the session mints one. */
    String token(String sessionId) throws Exception {
        return session(sessionId).path("ws_token").asText();
    }

    void endSession(String sessionId) throws Exception {
        assertEquals(204, call("DELETE", "/api/v1/streaming-sessions/" + sessionId, null).statusCode());
    }

    /** A deployment as the runtime's internal API holds it: its id and spec (the PUT body). */
    record Deployment(String id, String spec) {
    }

    /**
     * The production deployment of {@code workflow} (a session opened and ended over REST names it), moved from the
     * launcher's pod to {@code pod} with the runtime's internal API, so that {@code pod} alone serves it.
     */
    Deployment moveTo(String workflow, RuntimeServer pod) throws Exception {
        return moveTo(workflow, "http://127.0.0.1:" + pod.port(), pod.registry().podId());
    }

    /** {@link #moveTo(String, RuntimeServer)} for the pod at {@code baseUrl} registered as {@code podId}. */
    Deployment moveTo(String workflow, String baseUrl, String podId) throws Exception {
        String id = productionDeployment(workflow);
        HttpResponse<String> spec = internal("GET", mgw.runtimeUrl(), id, null);
        assertEquals(200, spec.statusCode(), spec.body());
        Deployment deployment = new Deployment(id, spec.body());
        host(deployment, baseUrl, podId);
        unhost(id);
        return deployment;
    }

    /** The deployment a deployed workflow's sessions and calls run on (a session opened and ended over REST names it). */
    String productionDeployment(String workflow) throws Exception {
        String probe = newSession(workflow);
        String id = session(probe).path("deployment_id").asText();
        assertFalse(id.isEmpty(), "the session names its deployment");
        endSession(probe);
        return id;
    }

    /** The launcher's pod stops hosting {@code deployment} (and leaves its registry set). */
    void unhost(String deployment) throws Exception {
        HttpResponse<String> removed = internal("DELETE", mgw.runtimeUrl(), deployment, null);
        assertEquals(204, removed.statusCode(), removed.body());
    }

    /** Has {@code pod} host {@code deployment} too, and waits until its registry entry says so. */
    void host(Deployment deployment, RuntimeServer pod) throws Exception {
        host(deployment, "http://127.0.0.1:" + pod.port(), pod.registry().podId());
    }

    void host(Deployment deployment, String baseUrl, String podId) throws Exception {
        HttpResponse<String> put = internal("PUT", baseUrl, deployment.id(), deployment.spec());
        assertTrue(put.statusCode() / 100 == 2, put.statusCode() + " " + put.body());
        Await.until(WAIT, () -> podsOf(deployment.id()).contains(podId), "the pod registered for " + deployment.id());
    }

    private HttpResponse<String> internal(String method, String base, String deployment, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/internal/deployments/" + deployment))
                .header(InternalApi.SERVICE_TOKEN_HEADER, SERVICE_TOKEN).header("Content-Type", "application/json");
        return http.send(withBody(request, method, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The sessions holding a slot of {@code deployment} ({@code max_concurrent_sessions} admission). */
    List<String> liveSessions(String deployment) {
        try (StatefulRedisConnection<String, String> c = redis.connect()) {
            return c.sync().zrange(RedisKeys.liveSessions(deployment), 0, -1);
        }
    }

    List<String> podsOf(String deployment) {
        try (StatefulRedisConnection<String, String> c = redis.connect()) {
            return c.sync().zrange(RedisKeys.podsOf(deployment), 0, -1);
        }
    }

    /** Writes {@code active 0} into the pod's registry entry, as a stale entry reads until the pod's next write. */
    void reportRoom(RuntimeServer pod) {
        try (StatefulRedisConnection<String, String> c = redis.connect()) {
            c.sync().hset(RedisKeys.pod(pod.registry().podId()), RedisKeys.POD_ACTIVE, "0");
        }
    }

    // ---- HTTP and WebSocket ----------------------------------------------------------------------------------

    /** A control-plane REST call with the launcher's admin key. */
    HttpResponse<String> call(String method, String path, String body) throws Exception {
        return callAs(mgw.adminKey(), method, path, body);
    }

    /** A control-plane REST call with {@code apiKey}. */
    HttpResponse<String> callAs(String apiKey, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(mgw.controlPlaneUrl() + path))
                .header("X-API-Key", apiKey).header("Content-Type", "application/json");
        return http.send(withBody(request, method, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder withBody(HttpRequest.Builder request, String method, String body) {
        return body == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.method(method, HttpRequest.BodyPublishers.ofString(body));
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        assertTrue(response.statusCode() / 100 == 2, response.request().uri() + " -> " + response.statusCode() + " "
                + response.body());
        return JSON.readTree(response.body());
    }

    static URI sessionUri(int gatewayPort, String sessionId, String query) {
        return URI.create("ws://127.0.0.1:" + gatewayPort + "/api/v1/streaming/sessions/" + sessionId + "/ws"
                + (query == null ? "" : "?" + query));
    }

    /** Opens the session socket on {@code gatewayPort} with a fresh token in the query, plus {@code extraQuery}. */
    WsTestClient open(int gatewayPort, String sessionId, String extraQuery) throws Exception {
        return WsTestClient.open(sessionUri(gatewayPort, sessionId, "ws_token=" + token(sessionId)
                + (extraQuery == null ? "" : "&" + extraQuery)));
    }

    /** The sum of {@code name}'s samples whose labels include every one of {@code labels} on a process's {@code /metrics}. */
    double metric(String baseUrl, String name, String... labels) {
        try {
            String page = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return page.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{")
                            && java.util.Arrays.stream(labels).allMatch(l::contains))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    double gatewayCloses(String gatewayUrl, int code) {
        return metric(gatewayUrl, "mgw_gateway_ws_closes_total", "code=\"" + code + "\"");
    }

    double podCloses(RuntimeServer pod, int code) {
        return metric("http://127.0.0.1:" + pod.port(), "mgw_runtime_session_closes_total", "code=\"" + code + "\"");
    }

    /** Sends a binary frame and expects the echo agent's copy back as the next frame. */
    static void assertEchoes(WsTestClient client, int marker) throws Exception {
        byte[] audio = new byte[640];
        java.util.Arrays.fill(audio, (byte) marker);
        client.ws.sendBinary(java.nio.ByteBuffer.wrap(audio), true).get(5, java.util.concurrent.TimeUnit.SECONDS);
        Object next = client.next(WAIT);
        org.junit.jupiter.api.Assertions.assertInstanceOf(byte[].class, next, "expected the echo first, got " + next);
        org.junit.jupiter.api.Assertions.assertArrayEquals(audio, (byte[]) next);
    }

    /** An inject from the app: the echo agent answers it with a transcript frame carrying the next {@code seq}. */
    static void inject(WsTestClient client, String text) {
        client.ws.sendText("{\"type\":\"inject\",\"text\":\"" + text + "\",\"role\":\"user\"}", true).join();
    }

    /** Opens the session on {@code gatewayPort}, has the pod produce {@code count} transcripts, drops the connection. */
    List<Long> produce(int gatewayPort, String sessionId, int count) throws Exception {
        WsTestClient client = open(gatewayPort, sessionId, null);
        for (int i = 0; i < count; i++) {
            inject(client, "line " + i);
        }
        List<Long> seen = client.seqs(count, Duration.ofSeconds(30));
        client.close(); // a dropped connection, no close handshake
        return seen;
    }

    /** The seq values of the frames that arrive until one carries {@code last}. */
    static List<Long> seqsUpTo(WsTestClient client, long last) throws InterruptedException {
        List<Long> out = new ArrayList<>();
        while (out.isEmpty() || out.get(out.size() - 1) < last) {
            out.add(client.seqs(1, WAIT).get(0));
        }
        return out;
    }

    /** {@code seqs} is exactly {@code from..to} in order; a failure names the first gap or duplicate. */
    static void assertContiguous(List<Long> seqs, long from, long to) {
        long expected = from;
        for (int i = 0; i < seqs.size(); i++, expected++) {
            if (seqs.get(i) != expected) {
                throw new AssertionError("at position " + i + " expected seq " + expected + " but got " + seqs.get(i)
                        + " (around: " + seqs.subList(Math.max(0, i - 3), Math.min(seqs.size(), i + 4)) + ")");
            }
        }
        assertEquals(to, expected - 1, "the last seq");
    }
}
