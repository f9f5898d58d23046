package io.mgw.runtime.engine.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.frame.DtmfFrame;
import io.mgw.adapters.frame.Frame;
import io.mgw.adapters.frame.FrameJson;
import io.mgw.adapters.frame.InjectFrame;
import io.mgw.runtime.engine.Conversation;
import io.mgw.runtime.engine.NodeContext;
import io.mgw.runtime.engine.SessionState;
import io.mgw.runtime.engine.StreamingNode;
import io.mgw.runtime.engine.ToolNode;
import io.mgw.runtime.http.NodeHttp;
import io.mgw.runtime.http.NodeHttpRequest;
import io.mgw.runtime.http.NodeHttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * {@code webhook}: calls {@code url} ({@code method} POST, {@code headers}, {@code timeoutMs} 5000) with the session
 * context as JSON: {@code event}, {@code node_id}, {@code session} (id, deployment, organization, current agent),
 * {@code call} (from {@code start}), and the triggering {@code frame} and {@code text}, or the end {@code reason}.
 * It fires on the {@code events} configured: {@code start}, {@code transcript} (each caller turn reaching it),
 * {@code dtmf}, {@code activate} (routed to), {@code end}; default transcript and activate. Frames pass on at once;
 * the call never holds the session up. A 2xx JSON answer may carry {@code say} (spoken as an assistant transcript)
 * and {@code inject} (passed on as an inject, {@code role} default system). Non-2xx, timeouts and unreachable URLs
 * are node errors ({@code webhook.http_error}, {@code webhook.timeout}, {@code webhook.connection_error}). Attached to
 * an agent's {@code tools} port it is a tool: event {@code tool_call} with the model's {@code arguments}; the answer's
 * body is the result.
 */
public final class WebhookNode implements StreamingNode, ToolNode {

    static final Set<String> EVENTS = Set.of("start", "transcript", "dtmf", "activate", "end");

    private final NodeHttpRequest request;
    private final NodeHttp http;
    private final Set<String> events;
    private final String toolName;

    public WebhookNode(ObjectNode config, NodeHttp http) {
        this.request = NodeHttpRequest.fromConfig(config, "POST", 5_000);
        this.http = http;
        List<String> configured = NodeConfig.texts(config, "events");
        for (String event : configured) {
            if (!EVENTS.contains(event)) {
                throw new IllegalArgumentException("config.events: " + event + " is not one of " + EVENTS);
            }
        }
        this.events = configured.isEmpty() ? Set.of("transcript", "activate") : Set.copyOf(configured);
        this.toolName = NodeConfig.text(config, "toolName", null);
    }

    @Override
    public void onStart(NodeContext ctx) {
        fire("start", null, null, ctx);
    }

    @Override
    public void onActivate(NodeContext ctx) {
        fire("activate", null, null, ctx);
    }

    @Override
    public void onFrame(Frame frame, NodeContext ctx) {
        ctx.forward(frame);
        if (Conversation.userText(frame) != null) {
            fire("transcript", frame, null, ctx);
        } else if (frame instanceof DtmfFrame) {
            fire("dtmf", frame, null, ctx);
        }
    }

    @Override
    public void onEnd(String reason, NodeContext ctx) {
        fire("end", null, reason, ctx);
    }

    @Override
    public CompletionStage<JsonNode> invoke(JsonNode arguments, NodeContext ctx) {
        ObjectNode body = context("tool_call", ctx);
        body.put("tool", toolName == null ? ctx.node().id() : toolName);
        body.set("arguments", arguments);
        return http.send(request.withBody(body)).thenApply(NodeHttpResponse::body);
    }

    private void fire(String event, Frame frame, String reason, NodeContext ctx) {
        if (!events.contains(event)) {
            return;
        }
        ObjectNode body = context(event, ctx);
        if (frame != null) {
            body.set("frame", FrameJson.mapper().valueToTree(frame));
            String text = Conversation.userText(frame);
            if (text != null) {
                body.put("text", text);
            }
        }
        if (reason != null) {
            body.put("reason", reason);
        }
        ctx.whenDone(http.send(request.withBody(body)), response -> answer(response.body(), ctx));
    }

    private static void answer(JsonNode body, NodeContext ctx) {
        if (body.path("say").isTextual() && !body.path("say").asText().isBlank()) {
            Speech.say(body.path("say").asText(), ctx);
            ctx.session().conversation().add(Conversation.ASSISTANT, body.path("say").asText());
        }
        if (body.path("inject").isTextual() && !body.path("inject").asText().isBlank()) {
            String role = body.path("role").asText(Conversation.SYSTEM);
            ctx.session().conversation().add(role, body.path("inject").asText());
            ctx.forward(new InjectFrame(body.path("inject").asText(), role));
        }
    }

    private static ObjectNode context(String event, NodeContext ctx) {
        SessionState session = ctx.session();
        ObjectNode body = FrameJson.mapper().createObjectNode();
        body.put("event", event);
        body.put("node_id", ctx.node().id());
        ObjectNode about = body.putObject("session");
        about.put("id", session.sessionId());
        about.put("deployment_id", session.deploymentId());
        about.put("organization_id", session.organizationId());
        about.put("agent", session.agent() == null ? null : session.agent().name());
        body.set("call", session.call() == null ? null : FrameJson.mapper().valueToTree(session.call()));
        return body;
    }
}
