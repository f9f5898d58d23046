package io.mgw.gateway.testing;

import io.mgw.embedded.TestServices;
import io.mgw.gateway.GatewayMain;
import io.mgw.gateway.server.GatewayServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** A real gateway on 127.0.0.1 with an ephemeral port and the test Redis, plus a JDK HTTP client aimed at it. */
public final class GatewayHarness implements AutoCloseable {

    /** 32 bytes: the smallest secret the gateway accepts. */
    public static final String JWT_SECRET = "test-jwt-secret-of-32-bytes-long";
    public static final String SERVICE_TOKEN = "test-service-token";

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final GatewayServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();

    private GatewayHarness(GatewayServer server) {
        this.server = server;
    }

    /** The environment of a test gateway, with {@code overrides} applied on top. */
    public static Map<String, String> env(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(Map.of(
                "MGW_BIND_HOST", "127.0.0.1",
                "MGW_GATEWAY_PORT", "0",
                "REDIS_URL", TestServices.redisUrl(),
                "MGW_JWT_SECRET", JWT_SECRET,
                "MGW_SERVICE_TOKEN", SERVICE_TOKEN));
        env.putAll(overrides);
        return env;
    }

    /** Starts a gateway the way the launcher does ({@link GatewayMain#start}). */
    public static GatewayHarness start(Map<String, String> overrides) {
        return new GatewayHarness(GatewayMain.start(env(overrides)));
    }

    public GatewayServer server() {
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
