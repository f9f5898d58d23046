package io.mgw.adapters.frame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/** The result of the tool call with the same {@code id}; any JSON value. */
public record ToolResultFrame(long seq, String id, JsonNode result) implements SequencedFrame {

    /** Wire type. */
    public static final String TYPE = "tool_result";

    /** Requires id; a missing result is JSON null. */
    public ToolResultFrame {
        FrameChecks.requireSeq(seq);
        FrameChecks.requireText(id, "id");
        if (result == null || result.isMissingNode()) {
            result = NullNode.getInstance();
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ToolResultFrame withSeq(long newSeq) {
        return new ToolResultFrame(newSeq, id, result);
    }
}
