package io.mgw.gateway.testing;

import io.lettuce.core.RedisClient;
import io.mgw.adapters.contract.SessionRoute;
import io.mgw.adapters.contract.WsTokens;
import io.mgw.embedded.TestServices;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything a session-socket test needs: a fake control plane, a test Redis client, token minting, and gateways
 * (each a {@link GatewayHarness}) with short intervals, pointed at the fake control plane.
 */
public final class SessionSocketHarness implements AutoCloseable {

    public static final String ORG = "org_" + Ids.random(12);
    public final FakeControlPlane controlPlane;
    public final RedisClient redis = RedisClient.create(TestServices.redisUrl());
    public final WsTokens tokens = new WsTokens(GatewayHarness.JWT_SECRET);

    public SessionSocketHarness() throws Exception {
        controlPlane = new FakeControlPlane(GatewayHarness.SERVICE_TOKEN);
    }

    /** A gateway with test settings; {@code overrides} on top. */
    public GatewayHarness gateway(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(Map.of(
                "MGW_CONTROL_PLANE_URL", controlPlane.url(),
                "MGW_PING_INTERVAL", "1s",
                "MGW_CONNECT_BUDGET", "2s",
                "MGW_SESSION_GRACE", "5s",
                "MGW_RESUME_MAXLEN", "10000",
                "MGW_SLOW_CLIENT_TIMEOUT", "500ms"));
        env.putAll(overrides);
        return new GatewayHarness(env);
    }

    /** Registers a session in the fake control plane and returns its id. */
    public String session(String deploymentId, String status, Integer maxConcurrent) {
        String sid = Ids.session();
        controlPlane.put(new SessionRoute(sid, ORG, "wf_" + Ids.random(16), deploymentId, status, maxConcurrent));
        return sid;
    }

    public String token(String sessionId) {
        return tokens.mint(sessionId, ORG);
    }

    public static URI wsUri(GatewayHarness gateway, String sessionId, String query) {
        return URI.create("ws://127.0.0.1:" + gateway.server().port() + "/api/v1/streaming/sessions/" + sessionId + "/ws"
                + (query == null ? "" : "?" + query));
    }

    /** Opens the session socket with the token in the query. */
    public WsTestClient connect(GatewayHarness gateway, String sessionId, String extraQuery) {
        String q = WsTokens.QUERY_PARAMETER + "=" + token(sessionId) + (extraQuery == null ? "" : "&" + extraQuery);
        return WsTestClient.open(wsUri(gateway, sessionId, q));
    }

    @Override
    public void close() {
        controlPlane.close();
        redis.shutdown();
    }
}
