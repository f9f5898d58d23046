package io.mgw.adapters.frame;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The conversation moved from one agent to another. */
public record HandoffFrame(
        long seq,
        @JsonProperty("from_agent") String fromAgent,
        @JsonProperty("to_agent") String toAgent,
        String reason) implements SequencedFrame {

    /** Wire type. */
    public static final String TYPE = "handoff";

    /** Requires both agents. */
    public HandoffFrame {
        FrameChecks.requireSeq(seq);
        FrameChecks.requireText(fromAgent, "from_agent");
        FrameChecks.requireText(toAgent, "to_agent");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public HandoffFrame withSeq(long newSeq) {
        return new HandoffFrame(newSeq, fromAgent, toAgent, reason);
    }
}
