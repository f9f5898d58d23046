package io.mgw.controlplane.runstream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.mgw.adapters.contract.workflow.ConfigField;
import io.mgw.adapters.contract.workflow.GraphNode;
import io.mgw.adapters.contract.workflow.NodeCatalog;
import io.mgw.controlplane.error.ApiException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Turns a flow stream's request body into the run's input the way the flow's {@code http-trigger} node declares in
 * {@code bodyFormat} (catalog default {@code json}): {@code json} parses it (an object is the input itself, any other
 * value becomes {@code {"body": value}}, an empty body {@code {}}); {@code text} gives
 * {@code {"body": text, "contentType"}} (strict UTF-8); {@code binary} gives
 * {@code {"body": base64, "contentType", "size"}}.
 */
final class HttpTriggerBody {

    static final String NODE_TYPE = "http-trigger";
    static final String FORMAT_FIELD = "bodyFormat";

    private HttpTriggerBody() {
    }

    /** The node's format, or 409 when its config names one that does not exist. */
    static String format(GraphNode trigger, NodeCatalog catalog) {
        JsonNode configured = trigger.config().get(FORMAT_FIELD);
        if (configured == null || configured.isNull()) {
            configured = catalog.find(NODE_TYPE).map(t -> t.configSchema().get(FORMAT_FIELD))
                    .map(ConfigField::defaultValue).orElse(null);
        }
        String format = configured == null ? "json" : configured.asText().toLowerCase(Locale.ROOT);
        if (!format.equals("json") && !format.equals("text") && !format.equals("binary")) {
            throw ApiException.conflict("the flow's http-trigger node " + trigger.id() + " has bodyFormat "
                    + configured + "; it must be json, text or binary");
        }
        return format;
    }

    /** The run's input; 400 naming {@code (body)} when the body does not fit the format. */
    static ObjectNode input(String format, @Nullable byte[] body, @Nullable String contentType, ObjectMapper json) {
        byte[] bytes = body == null ? new byte[0] : body;
        ObjectNode input = json.createObjectNode();
        switch (format) {
            case "text" -> {
                input.put("body", utf8(bytes));
                input.put("contentType", contentType);
            }
            case "binary" -> {
                input.put("body", Base64.getEncoder().encodeToString(bytes));
                input.put("contentType", contentType);
                input.put("size", bytes.length);
            }
            default -> {
                if (bytes.length == 0) {
                    return input;
                }
                JsonNode parsed;
                try {
                    parsed = json.readTree(bytes);
                } catch (JsonProcessingException e) {
                    throw ApiException.invalidField("(body)", "the flow's http-trigger reads the body as JSON, and it is not: "
                            + e.getOriginalMessage());
                } catch (java.io.IOException e) {
                    throw ApiException.invalidField("(body)", "the body could not be read as JSON");
                }
                if (parsed != null && parsed.isObject()) {
                    return (ObjectNode) parsed;
                }
                input.set("body", parsed);
            }
        }
        return input;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.invalidField("(body)", "the flow's http-trigger reads the body as UTF-8 text, and it is not");
        }
    }
}
