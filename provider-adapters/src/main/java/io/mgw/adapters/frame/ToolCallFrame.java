package io.mgw.adapters.frame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** The agent invoked a tool; {@code arguments} is any JSON object (empty when absent). */
public record ToolCallFrame(long seq, String id, String name, JsonNode arguments) implements SequencedFrame {

    /** Wire type. */
    public static final String TYPE = "tool_call";

    /** Requires id and name; defaults arguments to an empty object. */
    public ToolCallFrame {
        FrameChecks.requireSeq(seq);
        FrameChecks.requireText(id, "id");
        FrameChecks.requireText(name, "name");
        if (arguments == null || arguments.isNull() || arguments.isMissingNode()) {
            arguments = JsonNodeFactory.instance.objectNode();
        } else if (!arguments.isObject()) {
            throw ProtocolError.wrongType("arguments", "an object").toException();
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ToolCallFrame withSeq(long newSeq) {
        return new ToolCallFrame(newSeq, id, name, arguments);
    }
}
