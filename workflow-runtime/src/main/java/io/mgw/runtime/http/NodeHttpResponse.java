package io.mgw.runtime.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * What an outbound call answered: the status, the headers (multiple values joined with {@code ", "}) and the body,
 * parsed as JSON when it is JSON, else a text node (bounded to {@link NodeHttp#MAX_BODY_CHARS}).
 */
public record NodeHttpResponse(int status, Map<String, String> headers, JsonNode body) {

    public NodeHttpResponse {
        headers = Map.copyOf(headers);
    }
}
