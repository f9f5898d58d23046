package io.mgw.runtime.engine.nodes;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.frame.FrameJson;
import io.mgw.runtime.engine.NodeError;
import io.mgw.runtime.engine.SessionState;
import java.util.ArrayList;
import java.util.List;

/**
 * The OpenAI-compatible chat-completions wire format, both ways: the request body ({@code model}, {@code messages},
 * {@code temperature}, {@code max_tokens}, function {@code tools}) and the first choice of a response (its
 * {@code content} and {@code tool_calls}). A response without that shape is an {@code llm.bad_response} error.
 */
final class ChatCompletions {

    static final String BAD_RESPONSE = "llm.bad_response";

    private ChatCompletions() {
    }

    /** One tool call the model asked for; {@code arguments} parsed (an object; unparseable text as {@code raw}). */
    record ToolCall(String id, String name, ObjectNode arguments) {
    }

    /** The model's answer: text to speak (may be null) and tool calls (may be empty); {@code rawToolCalls} as sent. */
    record Reply(String content, List<ToolCall> toolCalls, ArrayNode rawToolCalls) {
    }

    static ObjectNode request(String model, ArrayNode messages, double temperature, long maxTokens,
                              List<SessionState.AgentTool> tools) {
        ObjectNode body = FrameJson.mapper().createObjectNode();
        body.put("model", model);
        body.set("messages", messages);
        body.put("temperature", temperature);
        body.put("max_tokens", maxTokens);
        if (!tools.isEmpty()) {
            ArrayNode list = body.putArray("tools");
            for (SessionState.AgentTool tool : tools) {
                ObjectNode function = list.addObject().put("type", "function").putObject("function");
                function.put("name", tool.name());
                function.put("description", tool.description());
                function.putObject("parameters").put("type", "object").put("additionalProperties", true);
            }
        }
        return body;
    }

    static Reply reply(JsonNode response) {
        JsonNode message = response.path("choices").path(0).path("message");
        if (!message.isObject()) {
            throw new NodeError(BAD_RESPONSE, "the model's answer has no choices[0].message");
        }
        JsonNode content = message.path("content");
        if (!content.isMissingNode() && !content.isNull() && !content.isTextual()) {
            throw new NodeError(BAD_RESPONSE, "choices[0].message.content is not a string");
        }
        List<ToolCall> calls = new ArrayList<>();
        ArrayNode raw = FrameJson.mapper().createArrayNode();
        for (JsonNode call : message.path("tool_calls")) {
            String id = call.path("id").asText("");
            String name = call.path("function").path("name").asText("");
            if (id.isBlank() || name.isBlank()) {
                throw new NodeError(BAD_RESPONSE, "a tool call without id or function.name");
            }
            calls.add(new ToolCall(id, name, arguments(call.path("function").path("arguments"))));
            raw.add(call);
        }
        String text = content.isTextual() && !content.asText().isBlank() ? content.asText() : null;
        if (text == null && calls.isEmpty()) {
            throw new NodeError(BAD_RESPONSE, "the model answered neither content nor tool_calls");
        }
        return new Reply(text, calls, raw);
    }

    private static ObjectNode arguments(JsonNode arguments) {
        if (arguments.isObject()) {
            return (ObjectNode) arguments;
        }
        if (arguments.isTextual()) {
            try {
                JsonNode parsed = FrameJson.mapper().readTree(arguments.asText());
                if (parsed != null && parsed.isObject()) {
                    return (ObjectNode) parsed;
                }
            } catch (JacksonException e) {
                // not JSON: kept as text below
            }
            return FrameJson.mapper().createObjectNode().put("raw", arguments.asText());
        }
        return FrameJson.mapper().createObjectNode();
    }
}
