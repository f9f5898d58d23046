package io.mgw.controlplane.testing;

import com.sun.net.httpserver.HttpServer;
import io.mgw.adapters.contract.InternalApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback stand-in for the workflow runtime's internal deployment API and its per-deployment trigger endpoint,
 * for control-plane tests that must not start the real runtime process: it records each call and answers with a
 * configurable status (triggers answer {@code started} with the execution id they were given).
 */
public final class FakeRuntime implements AutoCloseable {

    /** One call the control plane made. */
    public record Call(String method, String path, String serviceToken, String body) {
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile int status = 200;

    public FakeRuntime() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/internal/deployments/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.add(new Call(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst(InternalApi.SERVICE_TOKEN_HEADER), body));
            int answer = status;
            if (exchange.getRequestMethod().equals("DELETE") && answer == 200) {
                answer = 204;
            }
            byte[] response = answer == 204 ? new byte[0] : "{\"status\":\"ready\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer, answer == 204 ? -1 : response.length);
            if (answer != 204) {
                exchange.getResponseBody().write(response);
            }
            exchange.close();
        });
        server.createContext("/deployments/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.add(new Call(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst(InternalApi.SERVICE_TOKEN_HEADER), body));
            java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"execution_id\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
            byte[] response = ("{\"status\":\"started\",\"execution_id\":\"" + (id.find() ? id.group(1) : "")
                    + "\",\"output\":{}}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, response.length);
            exchange.getResponseBody().write(response);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Call> calls() {
        return calls;
    }

    /** The status every following call answers with. */
    public void answerWith(int newStatus) {
        status = newStatus;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
