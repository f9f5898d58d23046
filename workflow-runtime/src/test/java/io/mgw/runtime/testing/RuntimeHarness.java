package io.mgw.runtime.testing;

import io.mgw.adapters.contract.InternalApi;
import io.mgw.embedded.TestServices;
import io.mgw.runtime.RuntimeMain;
import io.mgw.runtime.server.RuntimeServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A real runtime on 127.0.0.1 with an ephemeral port and the test Redis, started the way the launcher does
 * ({@link RuntimeMain#start}). What every Netty process answers alike is tested once in netty-service.
 */
public final class RuntimeHarness implements AutoCloseable {

    public static final String SERVICE_TOKEN = "test-service-token";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final RuntimeServer server;

    /** Starts a runtime with the test settings and {@code overrides} on top. */
    public RuntimeHarness(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(Map.of("MGW_BIND_HOST", "127.0.0.1", "MGW_RUNTIME_PORT", "0",
                "REDIS_URL", TestServices.redisUrl(), "MGW_SERVICE_TOKEN", SERVICE_TOKEN));
        env.putAll(overrides);
        this.server = RuntimeMain.start(env);
    }

    public RuntimeServer server() {
        return server;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + server.port() + path);
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An internal-API call carrying the service token. */
    public HttpResponse<String> internal(String method, String path, String body) throws IOException, InterruptedException {
        return send(method, path, body, Map.of(InternalApi.SERVICE_TOKEN_HEADER, SERVICE_TOKEN));
    }

    /** A request with exactly {@code headers}; {@code body} null for none. */
    public HttpResponse<String> send(String method, String path, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        return send(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** A request with exactly {@code headers}; {@code body} null for none. */
    public HttpResponse<String> send(String method, String path, byte[] body, Map<String, String> headers)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A pod id no other test uses, for {@code MGW_POD_ID}. */
    public static String uniquePodId() {
        return "it-pod-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** A deployment id no other test uses. */
    public static String uniqueDeploymentId() {
        return "dep_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    @Override
    public void close() {
        server.close();
    }
}
