package io.mgw.adapters.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.mgw.adapters.frame.FrameJson;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one HTTP client of the provider call-control classes, on the JDK {@link HttpClient}:
 * asynchronous, a timeout per attempt (3 s by default), and bounded retries with linear backoff
 * for idempotent requests that time out, fail to connect or get a 5xx. Results are
 * {@link CallControlResult}s; futures never complete exceptionally. Thread-safe; share one.
 */
public final class ProviderHttpClient {

    /** Default timeout of one attempt. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    /** Default attempts for an idempotent request (1 = no retry). */
    public static final int DEFAULT_MAX_ATTEMPTS = 2;
    /** Default pause before the first retry (the n-th retry waits n times this). */
    public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(200);

    private static final int MAX_REASON_CHARS = 200;

    private final HttpClient client;
    private final Duration timeout;
    private final int maxAttempts;
    private final Duration backoff;

    /** A client with explicit settings. */
    public ProviderHttpClient(HttpClient client, Duration timeout, int maxAttempts, Duration backoff) {
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.maxAttempts = maxAttempts;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    /** A client with the defaults and its own JDK HttpClient (connect timeout = request timeout). */
    public static ProviderHttpClient createDefault() {
        return withTimeout(DEFAULT_TIMEOUT);
    }

    /** A client with the given per-attempt timeout and default retries. */
    public static ProviderHttpClient withTimeout(Duration timeout) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new ProviderHttpClient(client, timeout, DEFAULT_MAX_ATTEMPTS, DEFAULT_BACKOFF);
    }

    /** One HTTP request to a provider. {@code idempotent} requests may be retried. */
    public record Request(String method, URI uri, Map<String, String> headers, String contentType, byte[] body,
            boolean idempotent) {

        /** A GET. */
        public static Request get(URI uri) {
            return new Request("GET", uri, Map.of(), null, null, true);
        }

        /** A DELETE. */
        public static Request delete(URI uri) {
            return new Request("DELETE", uri, Map.of(), null, null, true);
        }

        /** A request with a JSON body serialised from a wire record. */
        public static Request json(String method, URI uri, Object body, boolean idempotent) {
            try {
                return new Request(method, uri, Map.of(), "application/json",
                        FrameJson.mapper().writeValueAsBytes(body), idempotent);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A POST with a form-encoded body. */
        public static Request form(URI uri, Map<String, String> fields, boolean idempotent) {
            String body = fields.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return new Request("POST", uri, Map.of(), "application/x-www-form-urlencoded",
                    body.getBytes(StandardCharsets.UTF_8), idempotent);
        }

        /** A copy with one more header. */
        public Request withHeader(String name, String value) {
            Map<String, String> copy = new LinkedHashMap<>(headers);
            copy.put(name, value);
            return new Request(method, uri, Map.copyOf(copy), contentType, body, idempotent);
        }

        /** A copy with {@code Authorization: Bearer <token>}. */
        public Request withBearer(String token) {
            return withHeader("Authorization", "Bearer " + token);
        }

        /** A copy with HTTP Basic authorization. */
        public Request withBasic(String user, String password) {
            String pair = user + ":" + password;
            return withHeader("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** A provider's answer: status and body text. */
    public record Response(int status, String body) {
        /** Whether the status is 2xx. */
        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }
    }

    /**
     * Sends the request and maps the final answer with {@code classify}; a timeout or I/O failure
     * that outlasts the retries becomes {@link CallControlResult.Failed}.
     */
    public CompletableFuture<CallControlResult> send(Request request, Function<Response, CallControlResult> classify) {
        return attempt(request, classify, 1);
    }

    /** The usual mapping: 2xx is {@code Ok}, anything else {@code Rejected} with a short reason. */
    public static CallControlResult okIf2xx(Response response) {
        return response.isSuccess() ? new CallControlResult.Ok(response.status()) : rejected(response);
    }

    /** A rejection with the body's first characters as the reason. */
    public static CallControlResult rejected(Response response) {
        String body = response.body() == null ? "" : response.body().replaceAll("\\s+", " ").trim();
        String reason = body.length() > MAX_REASON_CHARS ? body.substring(0, MAX_REASON_CHARS) : body;
        return new CallControlResult.Rejected(response.status(), reason.isEmpty() ? "HTTP " + response.status() : reason);
    }

    private CompletableFuture<CallControlResult> attempt(Request request, Function<Response, CallControlResult> classify,
            int attempt) {
        HttpRequest httpRequest;
        try {
            httpRequest = build(request);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(
                    new CallControlResult.Failed(CallControlResult.Failure.INVALID_REQUEST, "invalid request"));
        }
        return client.sendAsync(httpRequest, HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> {
                    boolean retryable = request.idempotent() && attempt < maxAttempts
                            && (error != null || response.statusCode() >= 500);
                    if (retryable) {
                        return retryLater(request, classify, attempt);
                    }
                    if (error != null) {
                        return CompletableFuture.completedFuture(failure(error));
                    }
                    return CompletableFuture.completedFuture(
                            classify.apply(new Response(response.statusCode(), response.body())));
                })
                .thenCompose(Function.identity());
    }

    private CompletableFuture<CallControlResult> retryLater(Request request,
            Function<Response, CallControlResult> classify, int attempt) {
        long delayMillis = backoff.toMillis() * attempt;
        return CompletableFuture.supplyAsync(() -> null,
                        CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS))
                .thenCompose(ignored -> attempt(request, classify, attempt + 1));
    }

    private HttpRequest build(Request request) {
        HttpRequest.BodyPublisher body = request.body() == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body());
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
                .timeout(timeout)
                .method(request.method(), body)
                .header("Accept", "application/json");
        if (request.contentType() != null) {
            builder.header("Content-Type", request.contentType());
        }
        request.headers().forEach(builder::header);
        return builder.build();
    }

    private static CallControlResult failure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof HttpTimeoutException) {
            return new CallControlResult.Failed(CallControlResult.Failure.TIMEOUT, "timed out");
        }
        return new CallControlResult.Failed(CallControlResult.Failure.IO, cause.getClass().getSimpleName());
    }

    /** Percent-encodes one path segment (ids come from untrusted handshakes). */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
