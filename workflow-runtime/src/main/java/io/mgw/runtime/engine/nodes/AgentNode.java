package io.mgw.runtime.engine.nodes;

import io.mgw.adapters.contract.workflow.GraphNode;
import io.mgw.adapters.frame.Frame;
import io.mgw.runtime.engine.Conversation;
import io.mgw.runtime.engine.NodeContext;
import io.mgw.runtime.engine.SessionState;
import io.mgw.runtime.engine.StreamingNode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code agent}: one of the session's agents, named by {@code agentName} (default: the label, else the node id) with
 * its {@code instructions}. The first agent in graph order is in charge at session start; a handoff puts another
 * in charge ({@link HandoffNode} activates it). Taking charge records the agent, its instructions and its tools
 * (nodes attached to its {@code tools} port, e.g. webhooks with {@code toolName}) in the session, and speaks the
 * {@code greeting}. While in charge, a caller turn goes to the model attached to its {@code ai} port and along its
 * outputs; while another agent is in charge, caller turns stop here. Other frames always pass on.
 */
public final class AgentNode implements StreamingNode {

    private final String name;
    private final String instructions;
    private final String greeting;

    public AgentNode(GraphNode node) {
        String label = node.label() == null || node.label().isBlank() ? node.id() : node.label();
        this.name = NodeConfig.text(node.config(), "agentName", label);
        this.instructions = NodeConfig.requiredText(node.config(), "instructions");
        this.greeting = NodeConfig.text(node.config(), "greeting", null);
        if (name.isBlank()) {
            throw new IllegalArgumentException("config.agentName must not be blank");
        }
    }

    @Override
    public String agentName() {
        return name;
    }

    @Override
    public void onStart(NodeContext ctx) {
        if (ctx.session().agent() == null) {
            takeCharge(ctx);
        }
    }

    @Override
    public void onActivate(NodeContext ctx) {
        takeCharge(ctx);
    }

    @Override
    public void onFrame(Frame frame, NodeContext ctx) {
        if (Conversation.userText(frame) == null) {
            ctx.forward(frame);
            return;
        }
        if (!inCharge(ctx)) {
            return;
        }
        ctx.toAttached("ai", frame);
        ctx.forward(frame);
    }

    private boolean inCharge(NodeContext ctx) {
        return ctx.session().agent() != null && name.equals(ctx.session().agent().name());
    }

    private void takeCharge(NodeContext ctx) {
        List<SessionState.AgentTool> tools = new ArrayList<>();
        for (GraphNode tool : ctx.attached("tools")) {
            tools.add(new SessionState.AgentTool(NodeConfig.text(tool.config(), "toolName", tool.id()),
                    NodeConfig.text(tool.config(), "toolDescription", tool.displayName()), tool.id()));
        }
        ctx.session().agent(new SessionState.CurrentAgent(name, instructions, tools));
        if (greeting != null && !greeting.isBlank()) {
            Speech.say(greeting, ctx);
            ctx.session().conversation().add(Conversation.ASSISTANT, greeting);
        }
    }
}
