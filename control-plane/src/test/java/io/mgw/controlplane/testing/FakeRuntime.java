package io.mgw.controlplane.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.mgw.adapters.contract.InternalApi;
import io.mgw.adapters.contract.events.EventFactory;
import io.mgw.adapters.contract.events.EventJson;
import io.mgw.adapters.contract.events.RunEventType;
import io.mgw.embedded.TestServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted run source for the run-stream tests (flow and chat streams), whose subject is how the control plane
 * streams a run's events with chosen timing: it accepts the runs handed over (records each request) and
 * {@link #emit} appends the run's {@code execution.event}s to the events stream when a test says so. Everything
 * else in the control-plane tests deploys to and runs on the real runtime ({@link RealRuntime}); the deploy module's
 * {@code RunStreamsE2EIT} streams real runs end to end.
 */
public final class FakeRuntime implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One call the control plane made. */
    public record Call(String method, String path, String serviceToken, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private RedisClient redis;
    private StatefulRedisConnection<String, String> redisConnection;

    public FakeRuntime() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/internal/deployments/", exchange -> {
            record(exchange);
            boolean delete = exchange.getRequestMethod().equals("DELETE");
            answer(exchange, delete ? 204 : 200, delete ? null : "{\"status\":\"ready\"}");
        });
        server.createContext(InternalApi.RUNTIME_EXECUTIONS_PATH, exchange -> {
            JsonNode request = JSON.readTree(record(exchange));
            answer(exchange, 202, "{\"execution_id\":\""
                    + request.path("execution_id").asText() + "\",\"status\":\"running\"}");
        });
        server.createContext("/deployments/", exchange -> {
            JsonNode request = JSON.readTree(record(exchange));
            answer(exchange, 200, "{\"status\":\"started\",\"execution_id\":\"" + request.path("execution_id").asText()
                    + "\",\"workflow_id\":\"x\",\"output\":{}}");
        });
        server.start();
    }

    private String record(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        calls.add(new Call(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst(InternalApi.SERVICE_TOKEN_HEADER), body));
        return body;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] response = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body == null ? -1 : response.length);
        if (body != null) {
            exchange.getResponseBody().write(response);
        }
        exchange.close();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Call> calls() {
        return calls;
    }

    /** The calls to a path that starts with {@code prefix}. */
    public List<Call> callsTo(String prefix) {
        return calls.stream().filter(c -> c.path().startsWith(prefix)).toList();
    }

    /** Appends an {@code execution.event} to {@code stream} as a runtime would, its payload given as JSON text. */
    public void emit(String stream, String org, String executionId, String workflowId, long seq, RunEventType type,
                     String payload) {
        if (redis == null) {
            redis = RedisClient.create(TestServices.redisUrl());
            redisConnection = redis.connect();
        }
        try {
            var event = EventFactory.systemUtc().executionEvent(org, null, executionId, workflowId, seq, type,
                    (ObjectNode) JSON.readTree(payload));
            redisConnection.sync().xadd(stream, EventJson.toStreamEntry(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        if (redis != null) {
            redisConnection.close();
            redis.shutdown();
        }
    }
}
