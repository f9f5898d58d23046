package io.mgw.gateway.testing;

import com.sun.net.httpserver.HttpServer;
import io.mgw.adapters.contract.InternalApi;
import io.mgw.adapters.contract.SessionRoute;
import io.mgw.adapters.frame.FrameJson;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;

/** A loopback stand-in for the control plane's {@code GET /internal/v1/sessions/{id}} (JDK HttpServer). */
public final class FakeControlPlane implements AutoCloseable {

    private final HttpServer server;
    private final ConcurrentHashMap<String, SessionRoute> routes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> failures = new ConcurrentHashMap<>();

    public FakeControlPlane(String serviceToken) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/internal/v1/sessions/", exchange -> {
            String id = exchange.getRequestURI().getPath().substring("/internal/v1/sessions/".length());
            int status;
            byte[] body = new byte[0];
            if (!serviceToken.equals(exchange.getRequestHeaders().getFirst(InternalApi.SERVICE_TOKEN_HEADER))) {
                status = 401;
            } else if (failures.containsKey(id)) {
                status = failures.get(id);
            } else if (routes.containsKey(id)) {
                status = 200;
                body = FrameJson.mapper().writeValueAsBytes(routes.get(id));
            } else {
                status = 404;
                body = "{\"error\":\"not_found\",\"message\":\"no session\"}".getBytes();
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void put(SessionRoute route) {
        routes.put(route.sessionId(), route);
    }

    public void fail(String sessionId, int status) {
        failures.put(sessionId, status);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
