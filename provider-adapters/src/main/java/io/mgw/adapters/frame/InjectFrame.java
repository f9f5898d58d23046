package io.mgw.adapters.frame;

/** Text injected into the agent's context, e.g. an operator instruction ({@code role} optional). */
public record InjectFrame(String text, String role) implements Frame {

    /** Wire type. */
    public static final String TYPE = "inject";

    /** Requires text. */
    public InjectFrame {
        FrameChecks.requireText(text, "text");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
