package io.mgw.runtime.batch.nodes;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.mgw.adapters.frame.FrameJson;
import io.mgw.runtime.batch.BatchNode;
import io.mgw.runtime.batch.NodeCall;
import io.mgw.runtime.batch.NodeFailure;
import io.mgw.runtime.batch.NodeResult;
import io.mgw.runtime.batch.PathExpression;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code http-request}: calls {@code config.url} with the JDK {@link HttpClient} (async, bounded by
 * {@code config.timeoutMs} and the run's remaining time). Output {@code {status, headers, body}} with a JSON body
 * parsed; a status of 400 or more, a connection error or a timeout is a {@link NodeFailure}. String values of
 * {@code config.body} that are paths resolving in the input are replaced by the value; without a body, POST, PUT
 * and PATCH send the input.
 */
public final class HttpRequestNode implements BatchNode {

    private static final ObjectMapper JSON = FrameJson.mapper();
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");
    private static final long DEFAULT_TIMEOUT_MS = 30_000;
    private static final int MAX_BODY_CHARS = 1024 * 1024;

    private final HttpClient http;

    public HttpRequestNode(HttpClient http) {
        this.http = http;
    }

    @Override
    public NodeResult run(NodeCall call) throws InterruptedException {
        String url = call.requiredText("url");
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw NodeFailure.badConfig("config.url is not a URL");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw NodeFailure.badConfig("config.url must be an absolute http(s) URL");
        }
        String method = call.config().path("method").asText("GET").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw NodeFailure.badConfig("config.method must be one of " + METHODS);
        }
        long timeoutMs = Math.min(call.longConfig("timeoutMs", DEFAULT_TIMEOUT_MS), Math.max(1, call.timeout().toMillis()));
        Duration timeout = Duration.ofMillis(Math.max(1, timeoutMs));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout);
        JsonNode headers = call.config().path("headers");
        for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> header = it.next();
            try {
                request.header(header.getKey(), header.getValue().asText());
            } catch (IllegalArgumentException e) {
                throw NodeFailure.badConfig("config.headers." + header.getKey() + " is not allowed");
            }
        }
        JsonNode body = body(call, method);
        if (body != null) {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                    .get(timeout.toMillis() + 100, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new NodeFailure(NodeFailure.TIMEOUT, method + " " + uri.getPath() + " timed out after " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException) {
                throw new NodeFailure(NodeFailure.TIMEOUT, method + " " + uri.getPath() + " timed out after " + timeout.toMillis() + " ms");
            }
            throw new NodeFailure(NodeFailure.CONNECTION, method + " " + uri.getHost() + ":" + uri.getPort()
                    + " failed: " + e.getCause());
        }
        ObjectNode output = JSON.createObjectNode();
        output.put("status", response.statusCode());
        ObjectNode responseHeaders = output.putObject("headers");
        response.headers().map().forEach((name, values) -> responseHeaders.put(name, String.join(", ", values)));
        output.set("body", parse(response.body()));
        if (response.statusCode() >= 400) {
            throw new NodeFailure(NodeFailure.HTTP_ERROR, method + " " + uri.getPath() + " answered HTTP " + response.statusCode());
        }
        return NodeResult.of(output);
    }

    private static JsonNode body(NodeCall call, String method) {
        JsonNode configured = call.config().get("body");
        if (configured == null || configured.isNull()) {
            return WITH_BODY.contains(method) ? call.input() : null;
        }
        return substitute(configured.deepCopy(), call.input());
    }

    private static JsonNode substitute(JsonNode value, JsonNode input) {
        if (value.isTextual() && PathExpression.isPath(value.asText())) {
            JsonNode resolved = PathExpression.parse(value.asText()).resolve(input);
            return resolved.isMissingNode() ? value : resolved.deepCopy();
        }
        if (value.isObject()) {
            ObjectNode object = (ObjectNode) value;
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                field.setValue(substitute(field.getValue(), input));
            }
        }
        return value;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isEmpty()) {
            return TextNode.valueOf("");
        }
        String bounded = body.length() > MAX_BODY_CHARS ? body.substring(0, MAX_BODY_CHARS) : body;
        try {
            return JSON.readTree(bounded);
        } catch (JacksonException e) {
            return TextNode.valueOf(bounded);
        }
    }
}
