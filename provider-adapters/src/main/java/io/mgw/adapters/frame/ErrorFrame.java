package io.mgw.adapters.frame;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An error inside the pod's workflow, e.g. {@code stt.timeout}; {@code node_id} optional. */
public record ErrorFrame(long seq, String code, String message, @JsonProperty("node_id") String nodeId)
        implements SequencedFrame {

    /** Wire type. */
    public static final String TYPE = "error";

    /** Requires a code. */
    public ErrorFrame {
        FrameChecks.requireSeq(seq);
        FrameChecks.requireText(code, "code");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ErrorFrame withSeq(long newSeq) {
        return new ErrorFrame(newSeq, code, message, nodeId);
    }
}
