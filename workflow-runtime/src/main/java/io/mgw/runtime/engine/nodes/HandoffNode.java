package io.mgw.runtime.engine.nodes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.frame.DtmfFrame;
import io.mgw.adapters.frame.Frame;
import io.mgw.adapters.frame.HandoffFrame;
import io.mgw.runtime.engine.Conversation;
import io.mgw.runtime.engine.NodeContext;
import io.mgw.runtime.engine.NodeError;
import io.mgw.runtime.engine.StreamingNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * {@code handoff}: moves the conversation to the agent named {@code targetAgent}. It fires when routed to (a menu's
 * port, an explicit step of the graph), on a caller turn containing one of {@code keywords} (case-insensitive), or
 * on the DTMF {@code digit}. A handoff sends the {@code handoff} frame ({@code from_agent}, {@code to_agent},
 * {@code reason}), puts the target in charge (its greeting follows), forgets the conversation unless
 * {@code carryContext} (default true), and records the {@code handoff} event with {@code started_at} and
 * {@code completed_at}. A handoff to the agent already in charge does nothing; an unknown target is a node error
 * ({@code handoff.unknown_agent}). Frames that do not fire it pass on.
 */
public final class HandoffNode implements StreamingNode {

    static final String UNKNOWN_AGENT = "handoff.unknown_agent";
    /** from_agent when no agent was in charge yet (a graph without agent nodes before the target). */
    static final String NO_AGENT = "none";

    private final String target;
    private final String reason;
    private final boolean carryContext;
    private final List<String> keywords;
    private final String digit;

    public HandoffNode(ObjectNode config) {
        this.target = NodeConfig.requiredText(config, "targetAgent");
        this.reason = NodeConfig.text(config, "reason", null);
        this.carryContext = NodeConfig.bool(config, "carryContext", true);
        this.keywords = NodeConfig.texts(config, "keywords").stream()
                .filter(k -> !k.isBlank()).map(k -> k.toLowerCase(Locale.ROOT)).toList();
        this.digit = NodeConfig.text(config, "digit", null);
    }

    @Override
    public void onActivate(NodeContext ctx) {
        handOff(reason == null ? "routed" : reason, ctx);
    }

    @Override
    public void onFrame(Frame frame, NodeContext ctx) {
        String text = Conversation.userText(frame);
        if (text != null && matches(text)) {
            handOff(reason == null ? "keyword" : reason, ctx);
            return;
        }
        if (frame instanceof DtmfFrame dtmf && dtmf.digit().equals(digit)) {
            handOff(reason == null ? "digit " + digit : reason, ctx);
            return;
        }
        ctx.forward(frame);
    }

    private boolean matches(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return keywords.stream().anyMatch(lower::contains);
    }

    private void handOff(String why, NodeContext ctx) {
        Instant started = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String from = ctx.session().agent() == null ? NO_AGENT : ctx.session().agent().name();
        if (from.equals(target)) {
            return;
        }
        if (!ctx.session().hasAgent(target)) {
            throw new NodeError(UNKNOWN_AGENT, "no agent named " + target + " in this workflow");
        }
        ctx.send(new HandoffFrame(0, from, target, why));
        if (!carryContext) {
            ctx.session().conversation().clear();
        }
        ctx.activateAgent(target);
        Instant completed = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ctx.recordHandoff(from, target, why, started, completed);
    }
}
