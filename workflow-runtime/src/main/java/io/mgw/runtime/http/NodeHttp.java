package io.mgw.runtime.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.mgw.adapters.frame.FrameJson;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one outbound HTTP client of the runtime's nodes (batch {@code http-request}, streaming {@code webhook} and
 * {@code llm}): the JDK {@link HttpClient}, asynchronous, on its own daemon threads (never a Netty event loop).
 * Each call is bounded by its timeout; failures complete the future with a {@link NodeHttpException}. The same
 * threads do the nodes' other blocking work ({@link #blocking()}, e.g. reading an audio asset). Thread-safe.
 */
public final class NodeHttp implements AutoCloseable {

    /** Response bodies are cut here: a node's output is an event payload, not a download. */
    public static final int MAX_BODY_CHARS = 1024 * 1024;
    /** Extra wait beyond a call's own timeout, so the client's timeout reports first. */
    private static final long SLACK_MILLIS = 250;

    private final ExecutorService threads;
    private final HttpClient client;

    public NodeHttp() {
        AtomicInteger counter = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "node-io-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).executor(threads).build();
    }

    /** Sends {@code request}; completes on a client thread with the response, or a {@link NodeHttpException}. */
    public CompletableFuture<NodeHttpResponse> send(NodeHttpRequest request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri()).timeout(request.timeout());
        try {
            request.headers().forEach(builder::header);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("config.headers: " + e.getMessage()));
        }
        if (request.body() != null) {
            builder.header("Content-Type", "application/json");
            builder.method(request.method(), HttpRequest.BodyPublishers.ofString(request.body().toString()));
        } else {
            builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
        }
        long limit = request.timeout().toMillis() + SLACK_MILLIS;
        CompletableFuture<NodeHttpResponse> answer = new CompletableFuture<>();
        client.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString())
                .orTimeout(limit, TimeUnit.MILLISECONDS)
                .whenComplete((response, error) -> {
                    if (error != null) {
                        answer.completeExceptionally(failure(request, error));
                        return;
                    }
                    NodeHttpResponse result = response(response);
                    if (result.status() >= 400) {
                        answer.completeExceptionally(new NodeHttpException(NodeHttpException.Kind.HTTP_STATUS,
                                request.describe() + " answered HTTP " + result.status(), result));
                    } else {
                        answer.complete(result);
                    }
                });
        return answer;
    }

    /** Threads for the nodes' blocking work (file reads): never an event loop. */
    public ExecutorService blocking() {
        return threads;
    }

    private static NodeHttpException failure(NodeHttpRequest request, Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            return new NodeHttpException(NodeHttpException.Kind.TIMEOUT, request.describe() + " timed out after "
                    + request.timeout().toMillis() + " ms", null);
        }
        return new NodeHttpException(NodeHttpException.Kind.CONNECTION, request.describe() + " failed: "
                + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " " + cause.getMessage()), null);
    }

    private static NodeHttpResponse response(HttpResponse<String> response) {
        Map<String, String> headers = new HashMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name, String.join(", ", values)));
        return new NodeHttpResponse(response.statusCode(), headers, parse(response.body()));
    }

    /** JSON when the text is JSON, else the text itself (bounded). */
    public static JsonNode parse(String body) {
        if (body == null || body.isEmpty()) {
            return TextNode.valueOf("");
        }
        String bounded = body.length() > MAX_BODY_CHARS ? body.substring(0, MAX_BODY_CHARS) : body;
        try {
            return FrameJson.mapper().readTree(bounded);
        } catch (JacksonException e) {
            return TextNode.valueOf(bounded);
        }
    }

    /** Stops the threads (calls in flight fail). */
    @Override
    public void close() {
        threads.shutdownNow();
    }
}
