package io.mgw.adapters.provider;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

/**
 * A loopback stand-in for a provider's REST API: answers scripted responses keyed by
 * {@code "METHOD /path"}, requires one {@code Authorization} header value, and records every
 * request so tests can assert count, path, headers and body.
 */
public final class FakeProviderApi implements AutoCloseable {

    /** One recorded request. */
    public record Recorded(String method, String path, String query, String authorization, String contentType,
            String body) {
    }

    private record Scripted(List<Integer> statuses, String body, Duration delay) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<String, Scripted> responses = new ConcurrentHashMap<>();
    private final Map<String, Integer> hits = new ConcurrentHashMap<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final String expectedAuthorization;

    /** A server that accepts only {@code expectedAuthorization} (null: any, checked by the test). */
    public FakeProviderApi(String expectedAuthorization) throws IOException {
        this.expectedAuthorization = expectedAuthorization;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base URL to pass as {@code apiBaseUrl}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code status} and {@code body} to {@code "METHOD /path"}. */
    public FakeProviderApi on(String methodAndPath, int status, String body) {
        responses.put(methodAndPath, new Scripted(List.of(status), body, Duration.ZERO));
        return this;
    }

    /** Answers the statuses in turn (the last repeats). */
    public FakeProviderApi onSequence(String methodAndPath, List<Integer> statuses, String body) {
        responses.put(methodAndPath, new Scripted(statuses, body, Duration.ZERO));
        return this;
    }

    /** Answers after a delay (for timeouts). */
    public FakeProviderApi onSlow(String methodAndPath, int status, Duration delay) {
        responses.put(methodAndPath, new Scripted(List.of(status), "", delay));
        return this;
    }

    /** Every request so far. */
    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
        requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getQuery(), authorization,
                exchange.getRequestHeaders().getFirst("Content-Type"), body));
        Scripted scripted = responses.get(key);
        int status;
        String responseBody;
        if (expectedAuthorization != null && !expectedAuthorization.equals(authorization)) {
            status = 401;
            responseBody = "{\"error\":\"unauthorized\"}";
        } else if (scripted == null) {
            status = 404;
            responseBody = "{\"error\":\"not found\"}";
        } else {
            int hit = hits.merge(key, 1, Integer::sum) - 1;
            status = scripted.statuses().get(Math.min(hit, scripted.statuses().size() - 1));
            responseBody = scripted.body();
            if (!scripted.delay().isZero()) {
                try {
                    Thread.sleep(scripted.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        byte[] bytes = responseBody.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, status == 204 || bytes.length == 0 ? -1 : bytes.length);
        if (status != 204 && bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
