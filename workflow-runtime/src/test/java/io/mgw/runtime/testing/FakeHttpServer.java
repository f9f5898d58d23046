package io.mgw.runtime.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mgw.adapters.frame.FrameJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A loopback HTTP server standing in for a third party the pod calls (an OpenAI-compatible API, a webhook
 * receiver): records every request and answers each path with the test's responder, optionally after a delay.
 */
public final class FakeHttpServer implements AutoCloseable {

    /** One request received; {@code json} is the parsed body (null when it is not JSON). */
    public record Request(String method, String path, Map<String, String> headers, String body, JsonNode json) {
        /** A header by its lower-case name. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** What to answer: status, JSON/text body and a delay before answering. */
    public record Answer(int status, String body, Duration delay) {
        public static Answer json(int status, String body) {
            return new Answer(status, body, Duration.ZERO);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Function<Request, Answer>> routes = new ConcurrentHashMap<>();

    public FakeHttpServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** Answers requests to exactly {@code path} with {@code responder}. */
    public FakeHttpServer route(String path, Function<Request, Answer> responder) {
        routes.put(path, responder);
        return this;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The requests received on {@code path}, in arrival order. */
    public List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Waits until {@code path} has received at least {@code count} requests; returns them. */
    public List<Request> awaitRequests(String path, int count) {
        Await.until(Duration.ofSeconds(10), count + " request(s) on " + path, () -> requests(path).size() >= count);
        return requests(path);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new ConcurrentHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
        JsonNode json;
        try {
            json = body.isEmpty() ? null : FrameJson.mapper().readTree(body);
        } catch (IOException e) {
            json = null;
        }
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), Map.copyOf(headers),
                body, json);
        requests.add(request);
        Function<Request, Answer> responder = routes.get(request.path());
        Answer answer = responder == null ? Answer.json(404, "{\"error\":\"not_found\"}") : responder.apply(request);
        try {
            Thread.sleep(answer.delay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        } catch (IOException e) {
            // the caller gave up (a timeout test): nothing to answer
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
