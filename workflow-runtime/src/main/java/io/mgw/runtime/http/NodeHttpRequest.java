package io.mgw.runtime.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One outbound call of a node: an absolute http(s) URL, a method, headers, an optional JSON body and a timeout.
 * {@link #fromConfig} reads the {@code url}, {@code method}, {@code headers} and {@code timeoutMs} fields every
 * HTTP-calling node shares; a bad value is an {@link IllegalArgumentException} naming the config field.
 */
public record NodeHttpRequest(URI uri, String method, Map<String, String> headers, JsonNode body, Duration timeout) {

    public static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");

    public NodeHttpRequest {
        headers = Map.copyOf(headers);
    }

    /**
     * The call a node's config describes (without a body; add one with {@link #withBody}).
     *
     * @throws IllegalArgumentException naming the bad field ({@code config.url}, {@code config.method}, ...)
     */
    public static NodeHttpRequest fromConfig(ObjectNode config, String defaultMethod, long defaultTimeoutMs) {
        JsonNode url = config.get("url");
        if (url == null || !url.isTextual() || url.asText().isBlank()) {
            throw new IllegalArgumentException("config.url is required (a non-empty string)");
        }
        String method = config.path("method").asText(defaultMethod).toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("config.method must be one of " + METHODS);
        }
        JsonNode timeout = config.get("timeoutMs");
        long timeoutMs = defaultTimeoutMs;
        if (timeout != null && !timeout.isNull()) {
            if (!timeout.isIntegralNumber() || timeout.asLong() <= 0) {
                throw new IllegalArgumentException("config.timeoutMs must be a positive integer");
            }
            timeoutMs = timeout.asLong();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode configured = config.path("headers");
        if (!configured.isMissingNode() && !configured.isNull() && !configured.isObject()) {
            throw new IllegalArgumentException("config.headers must be an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = configured.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> header = it.next();
            headers.put(header.getKey(), header.getValue().asText());
        }
        return new NodeHttpRequest(httpUrl(url.asText(), "config.url"), method, headers, null, Duration.ofMillis(timeoutMs));
    }

    /**
     * Parses an absolute http(s) URL.
     *
     * @throws IllegalArgumentException naming {@code field} when it is not one
     */
    public static URI httpUrl(String url, String field) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " is not a URL");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException(field + " must be an absolute http(s) URL");
        }
        return uri;
    }

    public NodeHttpRequest withBody(JsonNode newBody) {
        return new NodeHttpRequest(uri, method, headers, newBody, timeout);
    }

    public NodeHttpRequest withTimeout(Duration newTimeout) {
        return new NodeHttpRequest(uri, method, headers, body, newTimeout);
    }

    public NodeHttpRequest withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new NodeHttpRequest(uri, method, more, body, timeout);
    }

    /** Method and path, for messages (never the query string, which may carry credentials). */
    public String describe() {
        return method + " " + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + uri.getRawPath();
    }
}
