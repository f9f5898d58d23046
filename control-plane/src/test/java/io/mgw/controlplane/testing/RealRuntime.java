package io.mgw.controlplane.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgw.adapters.contract.InternalApi;
import io.mgw.runtime.RuntimeMain;
import io.mgw.runtime.server.RuntimeServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real workflow runtime for a control-plane test, started in the test JVM with the control plane's service token,
 * Redis and events stream (so its events reach the control plane under test); its internal API tells what it hosts.
 * {@link #restart} brings it back on the same port after {@link #stop}, for tests of a runtime that went away.
 */
public final class RealRuntime implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, String> env;
    private final String serviceToken;
    private RuntimeServer server;
    private int port;

    /** Starts a runtime sharing the settings in {@code controlPlaneProperties} (from {@link ControlPlaneTestSupport}). */
    public RealRuntime(Map<String, String> controlPlaneProperties) {
        serviceToken = controlPlaneProperties.get("mgw.service-token");
        env = Map.of("MGW_BIND_HOST", "127.0.0.1", "REDIS_URL", controlPlaneProperties.get("mgw.redis-url"),
                "MGW_SERVICE_TOKEN", serviceToken, "MGW_EVENTS_STREAM", controlPlaneProperties.get("mgw.events.stream"),
                "MGW_POD_ID", "pod-cp-test-" + System.nanoTime());
        start(0);
    }

    private void start(int onPort) {
        Map<String, String> withPort = new java.util.HashMap<>(env);
        withPort.put("MGW_RUNTIME_PORT", Integer.toString(onPort));
        server = RuntimeMain.start(withPort);
        port = server.port();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The deployment ids the runtime hosts. */
    public List<String> hosted() {
        List<String> ids = new ArrayList<>();
        get("/internal/deployments").ifPresent(list -> list.path("items").forEach(id -> ids.add(id.asText())));
        return ids;
    }

    /** The spec the runtime hosts for {@code deploymentId}, or empty when it hosts none by that id. */
    public Optional<JsonNode> spec(String deploymentId) {
        return get("/internal/deployments/" + deploymentId);
    }

    private Optional<JsonNode> get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + path))
                    .header(InternalApi.SERVICE_TOKEN_HEADER, serviceToken).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the runtime: its port refuses connections until {@link #restart}. */
    public void stop() {
        server.close();
    }

    /** Starts the runtime again on the port it had. */
    public void restart() {
        start(port);
    }

    @Override
    public void close() {
        server.close();
    }
}
