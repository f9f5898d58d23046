package io.mgw.runtime.batch.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.frame.FrameJson;
import io.mgw.runtime.batch.BatchNode;
import io.mgw.runtime.batch.NodeCall;
import io.mgw.runtime.batch.NodeFailure;
import io.mgw.runtime.batch.NodeResult;
import io.mgw.runtime.batch.PathExpression;
import io.mgw.runtime.http.NodeHttp;
import io.mgw.runtime.http.NodeHttpException;
import io.mgw.runtime.http.NodeHttpRequest;
import io.mgw.runtime.http.NodeHttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * {@code http-request}: calls {@code config.url} through the shared {@link NodeHttp} client, bounded by
 * {@code config.timeoutMs} and the run's remaining time. Output {@code {status, headers, body}} with a JSON body
 * parsed; a status of 400 or more, a connection error or a timeout is a {@link NodeFailure}. String values of
 * {@code config.body} that are paths resolving in the input are replaced by the value; without a body, POST, PUT
 * and PATCH send the input.
 */
public final class HttpRequestNode implements BatchNode {

    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");
    private static final long DEFAULT_TIMEOUT_MS = 30_000;

    private final NodeHttp http;

    public HttpRequestNode(NodeHttp http) {
        this.http = http;
    }

    @Override
    public NodeResult run(NodeCall call) throws InterruptedException {
        NodeHttpRequest request;
        try {
            request = NodeHttpRequest.fromConfig(call.config(), "GET", DEFAULT_TIMEOUT_MS);
        } catch (IllegalArgumentException e) {
            throw NodeFailure.badConfig(e.getMessage());
        }
        request = request.withTimeout(Duration.ofMillis(Math.max(1,
                Math.min(request.timeout().toMillis(), call.timeout().toMillis()))));
        request = request.withBody(body(call, request.method()));
        NodeHttpResponse response;
        try {
            response = http.send(request).get();
        } catch (ExecutionException e) {
            NodeHttpException failure = NodeHttpException.of(e);
            if (failure == null) {
                throw NodeFailure.badConfig(e.getCause().getMessage());
            }
            throw switch (failure.kind()) {
                case TIMEOUT -> new NodeFailure(NodeFailure.TIMEOUT, failure.getMessage());
                case CONNECTION -> new NodeFailure(NodeFailure.CONNECTION, failure.getMessage());
                case HTTP_STATUS -> new NodeFailure(NodeFailure.HTTP_ERROR, failure.getMessage());
            };
        }
        ObjectNode output = FrameJson.mapper().createObjectNode();
        output.put("status", response.status());
        ObjectNode responseHeaders = output.putObject("headers");
        response.headers().forEach(responseHeaders::put);
        output.set("body", response.body());
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
}
