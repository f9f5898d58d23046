package io.mgw.gateway.testing;

import com.sun.net.httpserver.HttpServer;
import io.mgw.adapters.contract.AgentRoute;
import io.mgw.adapters.contract.CallAdmission;
import io.mgw.adapters.contract.CallAdmissionRequest;
import io.mgw.adapters.contract.InternalApi;
import io.mgw.adapters.contract.SessionRoute;
import io.mgw.adapters.contract.TelephonyRoute;
import io.mgw.adapters.frame.FrameJson;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

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
        server.createContext("/internal/v1/agents/", exchange -> {
            String id = exchange.getRequestURI().getPath().substring("/internal/v1/agents/".length());
            AgentRoute agent = agents.get(id);
            answer(exchange, serviceToken, agent == null ? 404 : 200, agent);
        });
        server.createContext(TelephonyRoute.PATH, exchange -> {
            Map<String, String> q = new HashMap<>();
            for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                q.put(kv[0], kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
            TelephonyRoute route;
            if (q.containsKey("identifier")) {
                route = telephony.get(q.get("org") + "|" + q.get("provider") + "|" + q.get("identifier"));
            } else { // the organization's only configuration for the provider, as the control plane answers
                String prefix = q.get("org") + "|" + q.get("provider") + "|";
                List<TelephonyRoute> all = telephony.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                        .map(Map.Entry::getValue).toList();
                route = all.size() == 1 ? all.get(0) : null;
            }
            answer(exchange, serviceToken, route == null ? 404 : 200, route);
        });
        server.createContext(CallAdmissionRequest.PATH, exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith("/release")) {
                releases.add(path.substring(CallAdmissionRequest.PATH.length() + 1, path.length() - "/release".length()));
                answer(exchange, serviceToken, 200, Map.of("released", true));
                return;
            }
            CallAdmissionRequest request = FrameJson.mapper().readValue(exchange.getRequestBody(), CallAdmissionRequest.class);
            admissions.add(request);
            if (refusal != null) {
                answer(exchange, serviceToken, 409, CallAdmission.refusal(refusal));
            } else {
                String sid = "sess_" + Ids.random(16);
                admitted.add(sid);
                answer(exchange, serviceToken, 201, CallAdmission.admitted(sid, request.organizationId(),
                        request.workflowId(), callDeployment, null));
            }
        });
        server.start();
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, String serviceToken, int status, Object value)
            throws IOException {
        byte[] body = new byte[0];
        if (!serviceToken.equals(exchange.getRequestHeaders().getFirst(InternalApi.SERVICE_TOKEN_HEADER))) {
            status = 401;
        } else if (value != null) {
            body = FrameJson.mapper().writeValueAsBytes(value);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    // ---- the agent stream's lookups and call admission ----

    public final Map<String, AgentRoute> agents = new ConcurrentHashMap<>();
    public final Map<String, TelephonyRoute> telephony = new ConcurrentHashMap<>();
    public final List<CallAdmissionRequest> admissions = new CopyOnWriteArrayList<>();
    public final List<String> releases = new CopyOnWriteArrayList<>();
    /** Session ids of admitted calls, in order. */
    public final List<String> admitted = new CopyOnWriteArrayList<>();
    /** When set, {@code POST /internal/v1/calls} refuses with this reason. */
    public volatile String refusal;
    /** The deployment admitted calls run on. */
    public volatile String callDeployment;

    public void putAgent(AgentRoute agent) {
        agents.put(agent.agentUuid(), agent);
    }

    public void putTelephony(TelephonyRoute route) {
        telephony.put(route.organizationId() + "|" + route.provider() + "|" + route.identifier(), route);
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
