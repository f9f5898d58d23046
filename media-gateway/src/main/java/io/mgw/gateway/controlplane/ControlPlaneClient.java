package io.mgw.gateway.controlplane;

import io.mgw.adapters.contract.AgentRoute;
import io.mgw.adapters.contract.CallAdmission;
import io.mgw.adapters.contract.CallAdmissionRequest;
import io.mgw.adapters.contract.InternalApi;
import io.mgw.adapters.contract.SessionRoute;
import io.mgw.adapters.contract.TelephonyRoute;
import io.mgw.adapters.frame.FrameJson;
import io.mgw.adapters.provider.CallControlResult;
import io.mgw.adapters.provider.ProviderHttpClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The control plane's internal API over the JDK HttpClient (async: never blocks an event loop; callers hop back to
 * their channel's executor): session, agent and telephony lookups, call admission, release and abandon. Lookup
 * answers, including "unknown", are cached for {@link #CACHE_TTL}; failures are not. Concurrent agent and telephony
 * lookups of one key share one request, so a burst of calls to one agent asks once, not once per call. Only ids
 * travel; the service token goes in {@link InternalApi#SERVICE_TOKEN_HEADER} and is never logged.
 */
public final class ControlPlaneClient {

    public static final Duration CACHE_TTL = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final int MAX_CACHED = 10_000;
    private static final String SESSION_KEY = "session:";
    /** Attempts at a release or an abandon, the n-th retry a second times n later. */
    static final int FOLLOW_UP_ATTEMPTS = 4;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    /** Releases and abandons: the project's retrying client on the same connections. */
    private final ProviderHttpClient followUps = new ProviderHttpClient(http, TIMEOUT, FOLLOW_UP_ATTEMPTS,
            Duration.ofSeconds(1));
    private final URI base;
    private final String serviceToken;

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
        return lookup(SESSION_KEY + sessionId, SessionRoute.path(sessionId), SessionRoute.class);
    }

    /**
     * Drops the cached answer for the session, or the request for it (it ended: a reconnect must not be let in on a
     * stale status).
     */
    public void forget(String sessionId) {
        lookups.remove(SESSION_KEY + sessionId);
    }

    /** A lookup's answer, or the request for it while {@code inFlight}; answers expire at {@code expiresAt}. */
    private record Shared(CompletableFuture<Optional<?>> answer, boolean inFlight, long expiresAt) {

        boolean usable(long now) {
            return inFlight || expiresAt - now > 0;
        }
    }

    private final ConcurrentHashMap<String, Shared> lookups = new ConcurrentHashMap<>();

    /** The workflow behind an agent UUID; empty when unknown (404). Cached and shared like sessions. */
    public CompletableFuture<Optional<AgentRoute>> agent(String agentUuid) {
        return lookup("agent:" + agentUuid, AgentRoute.path(URLEncoder.encode(agentUuid, StandardCharsets.UTF_8)),
                AgentRoute.class);
    }

    /**
     * The organization's telephony configuration for a provider identifier, credentials decrypted; with a null
     * identifier, the organization's only configuration for the provider. Empty on 404 (none, or several).
     */
    public CompletableFuture<Optional<TelephonyRoute>> telephony(String organizationId, String provider, String identifier) {
        String query = "?org=" + URLEncoder.encode(organizationId, StandardCharsets.UTF_8)
                + "&provider=" + URLEncoder.encode(provider, StandardCharsets.UTF_8)
                + (identifier == null ? "" : "&identifier=" + URLEncoder.encode(identifier, StandardCharsets.UTF_8));
        return lookup("telephony:" + query, TelephonyRoute.PATH + query, TelephonyRoute.class);
    }

    /**
     * {@code POST /internal/v1/calls}: the admission (201) or the refusal (409) as a {@link CallAdmission}; anything
     * else completes exceptionally with {@link LookupException}. Never cached.
     */
    public CompletableFuture<CallAdmission> admitCall(CallAdmissionRequest body) {
        byte[] json;
        try {
            json = FrameJson.mapper().writeValueAsBytes(body);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new LookupException("unwritable admission request"));
        }
        HttpRequest request = post(CallAdmissionRequest.PATH, json);
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> {
            int status = response.statusCode();
            if (status != 200 && status != 201 && status != 409) {
                throw new LookupException("control plane answered " + status);
            }
            try {
                return FrameJson.mapper().readValue(response.body(), CallAdmission.class);
            } catch (IOException e) {
                throw new LookupException("unreadable call admission");
            }
        });
    }

    /**
     * {@code POST /internal/v1/calls/{sessionId}/release}, tried {@link #FOLLOW_UP_ATTEMPTS} times while the control
     * plane is unreachable or failing; never completes exceptionally.
     */
    public CompletableFuture<CallControlResult> releaseCall(String sessionId) {
        return followUp(CallAdmissionRequest.releasePath(sessionId), Map.of());
    }

    /**
     * {@code POST /internal/v1/calls/abandon} with the body of an admission whose answer did not come: the control
     * plane fails the session if it was created and makes sure it never is otherwise. Tried like {@link #releaseCall}.
     */
    public CompletableFuture<CallControlResult> abandonCall(CallAdmissionRequest body) {
        return followUp(CallAdmissionRequest.ABANDON_PATH, body);
    }

    /** A request that must reach the control plane eventually (both are idempotent): retried on no answer or a 5xx. */
    private CompletableFuture<CallControlResult> followUp(String path, Object body) {
        return followUps.send(ProviderHttpClient.Request.json("POST", URI.create(base + path), body, true)
                .withHeader(InternalApi.SERVICE_TOKEN_HEADER, serviceToken), ProviderHttpClient::okIf2xx);
    }

    private HttpRequest post(String path, byte[] json) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .header(InternalApi.SERVICE_TOKEN_HEADER, serviceToken)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build();
    }

    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<Optional<T>> lookup(String key, String path, Class<T> type) {
        long now = System.nanoTime();
        CompletableFuture<Optional<?>> mine = new CompletableFuture<>();
        Shared entry = lookups.compute(key, (k, old) -> old != null && old.usable(now) ? old
                : new Shared(mine, true, 0));
        if (entry.answer() != mine) {
            // A copy: a caller that completes or times out its future must not do it to the others'.
            return (CompletableFuture<Optional<T>>) (CompletableFuture<?>) entry.answer().copy();
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .header(InternalApi.SERVICE_TOKEN_HEADER, serviceToken)
                .header("Accept", "application/json")
                .timeout(TIMEOUT)
                .GET().build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> {
            if (response.statusCode() == 404) {
                return Optional.<T>empty();
            }
            if (response.statusCode() != 200) {
                throw new LookupException("control plane answered " + response.statusCode());
            }
            try {
                return Optional.of(FrameJson.mapper().readValue(response.body(), type));
            } catch (IOException e) {
                throw new LookupException("unreadable " + type.getSimpleName());
            }
        }).whenComplete((value, error) -> {
            if (error != null) {
                lookups.remove(key, entry); // failures are not cached: the next call asks again
                mine.completeExceptionally(error);
                return;
            }
            if (lookups.size() > MAX_CACHED) {
                long at = System.nanoTime();
                lookups.values().removeIf(c -> !c.usable(at));
            }
            lookups.replace(key, entry, new Shared(mine, false, System.nanoTime() + CACHE_TTL.toNanos()));
            mine.complete(value);
        });
        return (CompletableFuture<Optional<T>>) (CompletableFuture<?>) mine.copy();
    }

    /** The lookup could not be answered (HTTP 500 before the upgrade). */
    public static final class LookupException extends RuntimeException {
        public LookupException(String message) {
            super(message, null, false, false);
        }
    }
}
