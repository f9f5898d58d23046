package io.mgw.gateway.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgw.adapters.contract.WsTokenKey;
import io.mgw.adapters.contract.WsTokens;
import io.mgw.embedded.EmbeddedRedisServer;
import io.mgw.gateway.testing.FakePod;
import io.mgw.gateway.testing.GatewayHarness;
import io.mgw.gateway.testing.Ids;
import io.mgw.gateway.testing.SessionSocketHarness;
import io.mgw.gateway.testing.WsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pre-upgrade answers of the session socket, as plain HTTP statuses (API document, DESIGN order). */
class SessionHandshakeIT {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static SessionSocketHarness h;
    private static GatewayHarness gateway;
    private static FakePod pod;
    private static String deployment;

    @BeforeAll
    static void start() throws Exception {
        h = new SessionSocketHarness();
        gateway = h.gateway(Map.of());
        deployment = Ids.deployment();
        pod = new FakePod(deployment).register(h.redis, 100, 0);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        pod.close();
        h.close();
    }

    private static int status(String sessionId, String query, Map<String, String> headers) {
        var builder = HttpClient.newHttpClient().newWebSocketBuilder();
        headers.forEach(builder::header);
        try {
            WebSocket ws = builder.buildAsync(SessionSocketHarness.wsUri(gateway, sessionId, query), new WebSocket.Listener() { })
                    .orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join();
            ws.abort();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException hs) {
                return hs.getResponse().statusCode();
            }
            throw e;
        }
    }

    private static int withQueryToken(String sessionId, String token) {
        return status(sessionId, "ws_token=" + token, Map.of());
    }

    @Test
    void sessionIdOutsideThePatternIs404() {
        assertEquals(404, status("bad$id", null, Map.of()));
        assertEquals(404, status("a".repeat(129), null, Map.of()));
    }

    @Test
    void missingTokenIs401() {
        assertEquals(401, status(h.session(deployment, "active", null), null, Map.of()));
    }

    @Test
    void malformedTokenIs401() {
        assertEquals(401, withQueryToken(h.session(deployment, "active", null), "not.a-token"));
    }

    @Test
    void expiredTokenIs401() {
        String sid = h.session(deployment, "active", null);
        var past = new WsTokens(WsTokenKey.fromSecret(GatewayHarness.JWT_SECRET),
                Clock.fixed(Instant.now().minusSeconds(3600), ZoneOffset.UTC), Duration.ofSeconds(120));
        assertEquals(401, withQueryToken(sid, past.mint(sid, SessionSocketHarness.ORG)));
    }

    @Test
    void wronglySignedTokenIs401() {
        String sid = h.session(deployment, "active", null);
        assertEquals(401, withQueryToken(sid, new WsTokens("another-secret-that-is-32-bytes!!").mint(sid, SessionSocketHarness.ORG)));
    }

    @Test
    void anotherSessionsTokenIs401() {
        String sid = h.session(deployment, "active", null);
        String other = h.session(deployment, "active", null);
        assertEquals(401, withQueryToken(sid, h.token(other)));
    }

    @Test
    void tokenOfAnotherOrganizationIs401() {
        String sid = h.session(deployment, "active", null);
        assertEquals(401, withQueryToken(sid, h.tokens.mint(sid, "org_someoneelse")));
    }

    @Test
    void unknownSessionIs404() {
        String sid = Ids.session();
        assertEquals(404, withQueryToken(sid, h.token(sid)));
    }

    @Test
    void terminalSessionIs404() {
        String sid = h.session(deployment, "completed", null);
        assertEquals(404, withQueryToken(sid, h.token(sid)));
    }

    @Test
    void lookupFailureIs500() {
        String sid = h.session(deployment, "active", null);
        h.controlPlane.fail(sid, 503);
        assertEquals(500, withQueryToken(sid, h.token(sid)));
    }

    @Test
    void redisDownIs500BeforeTheUpgrade() throws Exception {
        EmbeddedRedisServer redis = EmbeddedRedisServer.start(null, 0);
        try (GatewayHarness own = h.gateway(Map.of("REDIS_URL", redis.url()))) {
            String sid = h.session(deployment, "active", null);
            redis.close();
            var builder = HttpClient.newHttpClient().newWebSocketBuilder();
            var failure = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, () -> builder
                    .buildAsync(SessionSocketHarness.wsUri(own, sid, "ws_token=" + h.token(sid)), new WebSocket.Listener() { })
                    .orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join());
            assertEquals(500, ((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode());
        }
    }

    @Test
    void bearerHeaderTokenUpgrades() throws Exception {
        String sid = h.session(deployment, "active", null);
        URI uri = SessionSocketHarness.wsUri(gateway, sid, null);
        try (var client = WsTestClient.open(uri, Map.of("Authorization", "Bearer " + h.token(sid)))) {
            client.ws.sendText("{\"type\":\"dtmf\",\"digit\":\"5\"}", true);
            assertEquals("{\"type\":\"dtmf\",\"digit\":\"5\"}", pod.await(sid, WAIT).next(WAIT));
        }
    }

    @Test
    void queryTokenUpgrades() throws Exception {
        String sid = h.session(deployment, "pending", null);
        try (var client = h.connect(gateway, sid, null)) {
            client.ws.sendText("{\"type\":\"mark\",\"name\":\"m1\"}", true);
            assertEquals("{\"type\":\"mark\",\"name\":\"m1\"}", pod.await(sid, WAIT).next(WAIT));
            assertTrue(pod.serviceTokens.contains(GatewayHarness.SERVICE_TOKEN));
        }
    }
}
