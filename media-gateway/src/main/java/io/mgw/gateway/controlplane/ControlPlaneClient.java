package io.mgw.gateway.controlplane;

import io.mgw.adapters.contract.InternalApi;
import io.mgw.adapters.contract.SessionRoute;
import io.mgw.adapters.frame.FrameJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The control plane's {@code GET /internal/v1/sessions/{id}} over the JDK HttpClient (async: never blocks an event
 * loop; callers hop back to their channel's executor). Answers, including "unknown session", are cached for
 * {@link #CACHE_TTL}; failures are not. Only ids travel; the service token goes in
 * {@link InternalApi#SERVICE_TOKEN_HEADER} and is never logged.
 */
public final class ControlPlaneClient {

    public static final Duration CACHE_TTL = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final int MAX_CACHED = 10_000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI base;
    private final String serviceToken;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    public ControlPlaneClient(URI internalUrl, String serviceToken) {
        String text = internalUrl.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.serviceToken = serviceToken;
    }

    /**
     * The session's route; empty when the control plane does not know it (404). Completes exceptionally with
     * {@link LookupException} when the control plane is down, slow or answers anything else.
     */
    public CompletableFuture<Optional<SessionRoute>> session(String sessionId) {
        long now = System.nanoTime();
        Cached hit = cache.get(sessionId);
        if (hit != null && hit.expiresAt - now > 0) {
            return CompletableFuture.completedFuture(hit.route);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + SessionRoute.path(sessionId)))
                .header(InternalApi.SERVICE_TOKEN_HEADER, serviceToken)
                .header("Accept", "application/json")
                .timeout(TIMEOUT)
                .GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> {
            Optional<SessionRoute> route;
            if (response.statusCode() == 404) {
                route = Optional.empty();
            } else if (response.statusCode() == 200) {
                try {
                    route = Optional.of(FrameJson.mapper().readValue(response.body(), SessionRoute.class));
                } catch (IOException e) {
                    throw new LookupException("unreadable session route");
                }
            } else {
                throw new LookupException("control plane answered " + response.statusCode());
            }
            if (cache.size() > MAX_CACHED) {
                cache.values().removeIf(c -> c.expiresAt - System.nanoTime() <= 0);
            }
            cache.put(sessionId, new Cached(route, System.nanoTime() + CACHE_TTL.toNanos()));
            return route;
        });
    }

    private record Cached(Optional<SessionRoute> route, long expiresAt) {
    }

    /** The lookup could not be answered (HTTP 500 before the upgrade). */
    public static final class LookupException extends RuntimeException {
        public LookupException(String message) {
            super(message, null, false, false);
        }
    }
}
