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

/**
 * A real gateway on 127.0.0.1 with an ephemeral port and the test Redis, started the way the launcher does
 * ({@link GatewayMain#start}). What every Netty process answers alike is tested once in netty-service.
 */
public final class GatewayHarness implements AutoCloseable {

    /** 32 bytes: the smallest secret the gateway accepts. */
    public static final String JWT_SECRET = "test-jwt-secret-of-32-bytes-long";
    public static final String SERVICE_TOKEN = "test-service-token";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final GatewayServer server;

    /** Starts a gateway with the test settings and {@code overrides} on top. */
    public GatewayHarness(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(Map.of("MGW_BIND_HOST", "127.0.0.1", "MGW_GATEWAY_PORT", "0",
                "REDIS_URL", TestServices.redisUrl(), "MGW_JWT_SECRET", JWT_SECRET, "MGW_SERVICE_TOKEN", SERVICE_TOKEN));
        env.putAll(overrides);
        this.server = GatewayMain.start(env);
    }

    public GatewayServer server() {
        return server;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.close();
    }
}
