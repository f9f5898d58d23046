package io.mgw.gateway.testing;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A loopback stand-in for a provider's REST API (JDK HttpServer): a request passes only with the expected
 * {@code Authorization} header (or, for Vonage, a bearer JWT whose RS256 signature verifies with the configured
 * public key and whose {@code application_id} matches) and a path naming the expected call id; every request is
 * recorded with its body, so tests can count calls per method and path.
 */
public final class FakeProviderRest implements AutoCloseable {

    /** How the fake answers requests that pass the checks ({@code OUTAGE}: 503 to every request). */
    public enum Mode { OK, REJECT, SLOW, FAIL_ONCE, OUTAGE }

    /** One recorded request. */
    public record Request(String method, String path, String authorization, String body, boolean accepted) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicBoolean failedOnce = new AtomicBoolean();
    public final List<Request> requests = new CopyOnWriteArrayList<>();
    public volatile Mode mode = Mode.OK;
    /** null: any bearer; otherwise the exact header value. Ignored while {@link #jwtKey} is set. */
    public volatile String expectedAuthorization;
    public volatile String expectedCallId;
    /** When set, the bearer must be an RS256 JWT signed by the matching private key (Vonage application tokens). */
    public volatile RSAPublicKey jwtKey;
    /** The {@code application_id} claim the JWT must carry. */
    public volatile String jwtApplicationId;

    public FakeProviderRest() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Forgets recorded requests and checks (between tests). */
    public void reset() {
        requests.clear();
        mode = Mode.OK;
        expectedAuthorization = null;
        expectedCallId = null;
        jwtKey = null;
        jwtApplicationId = null;
        failedOnce.set(false);
    }

    public long count(String method) {
        return requests.stream().filter(r -> r.method().equals(method)).count();
    }

    /** Requests with this method whose path ends with {@code pathSuffix}. */
    public long count(String method, String pathSuffix) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().endsWith(pathSuffix)).count();
    }

    /** The recorded requests with this method whose path ends with {@code pathSuffix}. */
    public List<Request> matching(String method, String pathSuffix) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().endsWith(pathSuffix)).toList();
    }

    private boolean authorised(String auth) {
        RSAPublicKey key = jwtKey;
        if (key == null) {
            return expectedAuthorization == null ? auth != null && auth.startsWith("Bearer ")
                    : expectedAuthorization.equals(auth);
        }
        if (auth == null || !auth.startsWith("Bearer ")) {
            return false;
        }
        try {
            SignedJWT jwt = SignedJWT.parse(auth.substring("Bearer ".length()));
            var claims = jwt.getJWTClaimsSet();
            return JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm()) && jwt.verify(new RSASSAVerifier(key))
                    && jwtApplicationId.equals(claims.getStringClaim("application_id"))
                    && claims.getExpirationTime() != null && claims.getExpirationTime().after(new Date())
                    && claims.getJWTID() != null;
        } catch (Exception e) {
            return false;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String path = exchange.getRequestURI().getPath();
        boolean authOk = authorised(auth);
        boolean callOk = expectedCallId == null || path.contains(expectedCallId);
        boolean outage = mode == Mode.OUTAGE || mode == Mode.FAIL_ONCE && failedOnce.compareAndSet(false, true);
        boolean accepted = authOk && callOk && mode != Mode.REJECT && !outage;
        requests.add(new Request(exchange.getRequestMethod(), path, auth, body, accepted));
        if (mode == Mode.SLOW) {
            try {
                Thread.sleep(6_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] answer = (accepted ? "{\"status\":\"in-progress\"}" : "{\"error\":\"unauthorized\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(outage ? 503 : accepted ? 200 : (authOk ? 404 : 401), answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
