package io.mgw.runtime.testing;

import io.mgw.embedded.TestServices;
import io.mgw.runtime.RuntimeMain;
import io.mgw.runtime.server.RuntimeServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** A real runtime on 127.0.0.1 with an ephemeral port and the test Redis, plus a JDK HTTP client aimed at it. */
public final class RuntimeHarness implements AutoCloseable {

    public static final String SERVICE_TOKEN = "test-service-token";

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final RuntimeServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();

    private RuntimeHarness(RuntimeServer server) {
        this.server = server;
    }

    /** The environment of a test runtime, with {@code overrides} applied on top. */
    public static Map<String, String> env(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(Map.of(
                "MGW_BIND_HOST", "127.0.0.1",
                "MGW_RUNTIME_PORT", "0",
                "REDIS_URL", TestServices.redisUrl(),
                "MGW_SERVICE_TOKEN", SERVICE_TOKEN));
        env.putAll(overrides);
        return env;
    }

    /** Starts a runtime the way the launcher does ({@link RuntimeMain#start}). */
    public static RuntimeHarness start(Map<String, String> overrides) {
        return new RuntimeHarness(RuntimeMain.start(env(overrides)));
    }

    public RuntimeServer server() {
        return server;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path);
    }

    public HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(REQUEST_TIMEOUT)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.close();
    }
}
