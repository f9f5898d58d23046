package io.mgw.runtime.engine.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.frame.Frame;
import io.mgw.adapters.frame.ToolCallFrame;
import io.mgw.adapters.frame.ToolResultFrame;
import io.mgw.runtime.config.NodeSecrets;
import io.mgw.runtime.engine.Completion;
import io.mgw.runtime.engine.Conversation;
import io.mgw.runtime.engine.NodeContext;
import io.mgw.runtime.engine.NodeServices;
import io.mgw.runtime.engine.SessionState;
import io.mgw.runtime.engine.StreamingNode;
import io.mgw.runtime.http.NodeHttp;
import io.mgw.runtime.http.NodeHttpRequest;
import io.mgw.runtime.http.NodeHttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code llm}: on each caller turn (an inject, a final user transcript) it sends the conversation to
 * {@code POST {baseUrl}/chat/completions} ({@code model}, {@code temperature} 0.7, {@code maxTokens} 512,
 * {@code timeoutMs} 15000; bearer key from the secret {@code apiKeySecret}, see {@link NodeSecrets}); the system
 * message is {@code systemPrompt} and the instructions of the agent in charge. The reply is spoken as an assistant
 * transcript (counted as TTS characters) and joins the conversation. {@code tool_calls} become {@code tool_call}
 * frames; those naming a tool of the agent in charge run it, send {@code tool_result} and ask the model again (at
 * most {@link #MAX_TOOL_ROUNDS} times per turn). One request at a time: turns arriving meanwhile are answered
 * together afterwards. HTTP errors, timeouts and malformed answers are node errors; the session goes on.
 */
public final class LlmNode implements StreamingNode {

    static final int MAX_TOOL_ROUNDS = 3;

    private final NodeHttp http;
    private final NodeHttpRequest request;
    private final String model;
    private final String systemPrompt;
    private final double temperature;
    private final long maxTokens;
    private boolean busy;
    private boolean pending;

    public LlmNode(ObjectNode config, NodeServices services) {
        String base = NodeConfig.requiredText(config, "baseUrl").replaceAll("/+$", "");
        this.model = NodeConfig.requiredText(config, "model");
        this.systemPrompt = NodeConfig.text(config, "systemPrompt", null);
        this.temperature = NodeConfig.number(config, "temperature", 0.7);
        this.maxTokens = NodeConfig.integer(config, "maxTokens", 512, 1, 1_000_000);
        long timeoutMs = NodeConfig.integer(config, "timeoutMs", 15_000, 1, 600_000);
        NodeHttpRequest call = new NodeHttpRequest(NodeHttpRequest.httpUrl(base + "/chat/completions", "config.baseUrl"),
                "POST", Map.of(), null, Duration.ofMillis(timeoutMs));
        String secret = NodeConfig.text(config, "apiKeySecret", null);
        if (secret != null) {
            Optional<String> key = services.secrets().get(secret);
            if (key.isEmpty()) {
                throw new IllegalArgumentException("config.apiKeySecret: " + NodeSecrets.variable(secret) + " is not set on this pod");
            }
            call = call.withHeader("Authorization", "Bearer " + key.get());
        }
        this.request = call;
        this.http = services.http();
    }

    @Override
    public void onFrame(Frame frame, NodeContext ctx) {
        if (Conversation.userText(frame) != null) {
            if (busy) {
                pending = true;
            } else {
                ask(ctx, 0);
            }
        }
        ctx.forward(frame);
    }

    private void ask(NodeContext ctx, int round) {
        busy = true;
        pending = false;
        SessionState.CurrentAgent agent = ctx.session().agent();
        String system = Stream.of(systemPrompt, agent == null ? null : agent.instructions())
                .filter(s -> s != null && !s.isBlank()).collect(Collectors.joining("\n\n"));
        List<SessionState.AgentTool> tools = agent == null ? List.of() : agent.tools();
        ObjectNode body = ChatCompletions.request(model, ctx.session().conversation().messages(system), temperature,
                maxTokens, tools);
        ctx.whenDone(http.send(request.withBody(body)), new Completion<>() {
            @Override
            public void completed(NodeHttpResponse response) {
                ChatCompletions.Reply reply;
                try {
                    reply = ChatCompletions.reply(response.body());
                } catch (RuntimeException e) {
                    idle(ctx);
                    throw e;
                }
                answer(reply, tools, round, ctx);
            }

            @Override
            public void failed(Throwable error) {
                idle(ctx);
            }
        });
    }

    private void answer(ChatCompletions.Reply reply, List<SessionState.AgentTool> tools, int round, NodeContext ctx) {
        Conversation conversation = ctx.session().conversation();
        if (!reply.toolCalls().isEmpty()) {
            conversation.addToolCalls(reply.content(), reply.rawToolCalls());
        } else {
            conversation.add(Conversation.ASSISTANT, reply.content());
        }
        if (reply.content() != null) {
            Speech.say(reply.content(), ctx);
        }
        boolean allKnown = !reply.toolCalls().isEmpty();
        for (ChatCompletions.ToolCall call : reply.toolCalls()) {
            ctx.send(new ToolCallFrame(0, call.id(), call.name(), call.arguments()));
            allKnown &= tools.stream().anyMatch(t -> t.name().equals(call.name()));
        }
        if (!allKnown || round + 1 > MAX_TOOL_ROUNDS) {
            idle(ctx);
            return;
        }
        runTools(reply.toolCalls(), 0, tools, round, ctx);
    }

    /** Runs the calls one after another (their results keep the model's order), then asks again. */
    private void runTools(List<ChatCompletions.ToolCall> calls, int next, List<SessionState.AgentTool> tools, int round,
                          NodeContext ctx) {
        if (next == calls.size()) {
            ask(ctx, round + 1);
            return;
        }
        ChatCompletions.ToolCall call = calls.get(next);
        String nodeId = tools.stream().filter(t -> t.name().equals(call.name())).findFirst().orElseThrow().nodeId();
        ctx.whenDone(ctx.invokeTool(nodeId, call.arguments()), new Completion<JsonNode>() {
            @Override
            public void completed(JsonNode result) {
                ctx.send(new ToolResultFrame(0, call.id(), result));
                ctx.session().conversation().addToolResult(call.id(), result);
                runTools(calls, next + 1, tools, round, ctx);
            }

            @Override
            public void failed(Throwable error) {
                idle(ctx);
            }
        });
    }

    private void idle(NodeContext ctx) {
        busy = false;
        if (pending) {
            ask(ctx, 0);
        }
    }
}
