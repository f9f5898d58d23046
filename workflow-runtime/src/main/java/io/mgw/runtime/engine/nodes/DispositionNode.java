package io.mgw.runtime.engine.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.frame.DispositionFrame;
import io.mgw.adapters.frame.FrameJson;
import io.mgw.adapters.frame.HangupFrame;
import io.mgw.runtime.engine.NodeContext;
import io.mgw.runtime.engine.StreamingNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * {@code disposition}: a {@code disposition} frame (schema {@code v1}) whose fields are {@code outcome} (config,
 * default {@code completed}), {@code end_reason}, and every other config field except the node's own settings
 * ({@code fields}, {@code hangup}). A session records one disposition ({@link io.mgw.runtime.engine.SessionState#claimDisposition}):
 * the first node activated (a menu's port, a play's {@code output}: how the call ends was decided), which then,
 * with {@code hangup} (default true), ends the call with a {@code hangup} frame whose reason is the outcome; else,
 * at the end of the session, the first disposition node in graph order. Frames pass on.
 */
public final class DispositionNode implements StreamingNode {

    static final String SCHEMA_VERSION = "v1";
    private static final Set<String> OWN_SETTINGS = Set.of("outcome", "fields", "hangup");

    private final ObjectNode fields;
    private final boolean hangup;

    public DispositionNode(ObjectNode config) {
        this.hangup = NodeConfig.bool(config, "hangup", true);
        this.fields = FrameJson.mapper().createObjectNode();
        fields.put("outcome", NodeConfig.text(config, "outcome", "completed"));
        for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!OWN_SETTINGS.contains(field.getKey())) {
                fields.set(field.getKey(), field.getValue().deepCopy());
            }
        }
    }

    @Override
    public void onActivate(NodeContext ctx) {
        if (!ctx.session().claimDisposition()) {
            return;
        }
        record(null, ctx);
        if (hangup) {
            ctx.send(new HangupFrame(fields.path("outcome").asText()));
        }
    }

    @Override
    public void onEnd(String reason, NodeContext ctx) {
        if (ctx.session().claimDisposition()) {
            record(reason, ctx);
        }
    }

    private void record(String endReason, NodeContext ctx) {
        ObjectNode result = fields.deepCopy();
        if (endReason != null) {
            result.put("end_reason", endReason);
        }
        ctx.send(new DispositionFrame(0, SCHEMA_VERSION, result));
    }
}
