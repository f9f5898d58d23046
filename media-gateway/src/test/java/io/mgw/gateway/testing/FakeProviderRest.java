package io.mgw.gateway.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A loopback stand-in for a provider's REST API (JDK HttpServer): a request passes only with the expected
 * {@code Authorization} header and a path naming the expected call id; every request is recorded.
 */
public final class FakeProviderRest implements AutoCloseable {

    /** How the fake answers requests that pass the checks. */
    public enum Mode { OK, REJECT, SLOW }

    /** One recorded request. */
    public record Request(String method, String path, String authorization, boolean accepted) {
    }

    private final HttpServer server;
    public final List<Request> requests = new CopyOnWriteArrayList<>();
    public volatile Mode mode = Mode.OK;
    /** null: any bearer (Vonage signs a fresh JWT per request); otherwise the exact header value. */
    public volatile String expectedAuthorization;
    public volatile String expectedCallId;

    public FakeProviderRest() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public long count(String method) {
        return requests.stream().filter(r -> r.method().equals(method)).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String path = exchange.getRequestURI().getPath();
        boolean authOk = expectedAuthorization == null ? auth != null && auth.startsWith("Bearer ")
                : expectedAuthorization.equals(auth);
        boolean callOk = expectedCallId == null || path.contains(expectedCallId);
        boolean accepted = authOk && callOk && mode != Mode.REJECT;
        requests.add(new Request(exchange.getRequestMethod(), path, auth, accepted));
        if (mode == Mode.SLOW) {
            try {
                Thread.sleep(6_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] body = (accepted ? "{\"status\":\"in-progress\"}" : "{\"error\":\"unauthorized\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(accepted ? 200 : (authOk ? 404 : 401), body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
