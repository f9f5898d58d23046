package io.mgw.runtime.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.frame.Frame;
import io.mgw.adapters.frame.InjectFrame;
import io.mgw.adapters.frame.TranscriptFrame;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A session's conversation as chat messages ({@code role} user, assistant, system or tool, in the OpenAI chat
 * shape), shared by its agents so a handoff can carry it. The engine records caller injects; model nodes record
 * their replies. Bounded: the oldest messages go first. Confined to the session's executor.
 */
public final class Conversation {

    static final int MAX_MESSAGES = 200;
    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";
    public static final String SYSTEM = "system";

    private final Deque<ObjectNode> messages = new ArrayDeque<>();

    /** The text of a caller turn: an inject without a role or with role user, or a final user transcript; else null. */
    public static String userText(Frame frame) {
        if (frame instanceof InjectFrame inject && (inject.role() == null || USER.equals(inject.role()))) {
            return inject.text();
        }
        if (frame instanceof TranscriptFrame transcript && transcript.isFinal() && USER.equals(transcript.role())) {
            return transcript.text();
        }
        return null;
    }

    public void add(String role, String content) {
        append(message(role).put("content", content));
    }

    /** An assistant message that asked for tool calls (the model's {@code tool_calls} array, kept as given). */
    public void addToolCalls(String content, ArrayNode toolCalls) {
        ObjectNode message = message(ASSISTANT);
        if (content == null) {
            message.putNull("content");
        } else {
            message.put("content", content);
        }
        message.set("tool_calls", toolCalls.deepCopy());
        append(message);
    }

    /** The result of one tool call, as the model expects it back. */
    public void addToolResult(String toolCallId, JsonNode result) {
        append(message("tool").put("tool_call_id", toolCallId).put("content", result.isTextual() ? result.asText() : result.toString()));
    }

    /** The messages for a chat request: {@code systemPrompt} first (when given), then the conversation. */
    public ArrayNode messages(String systemPrompt) {
        ArrayNode all = JsonNodeFactory.instance.arrayNode();
        if (systemPrompt != null && !systemPrompt.isBlank()) {
            all.add(message(SYSTEM).put("content", systemPrompt));
        }
        messages.forEach(m -> all.add(m.deepCopy()));
        return all;
    }

    public int size() {
        return messages.size();
    }

    /** Forgets everything (a handoff that does not carry the context). */
    public void clear() {
        messages.clear();
    }

    private void append(ObjectNode message) {
        if (messages.size() == MAX_MESSAGES) {
            messages.removeFirst();
        }
        messages.addLast(message);
    }

    private static ObjectNode message(String role) {
        return JsonNodeFactory.instance.objectNode().put("role", role);
    }
}
