package io.mgw.adapters.frame;

/**
 * A named point in the outbound audio: from the pod a request ("tell me when this has played"),
 * toward the pod the answer (played, or cleared by barge-in).
 */
public record MarkFrame(String name) implements Frame {

    /** Wire type. */
    public static final String TYPE = "mark";

    /** Requires a name. */
    public MarkFrame {
        FrameChecks.requireText(name, "name");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
