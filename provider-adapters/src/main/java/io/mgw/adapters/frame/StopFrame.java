package io.mgw.adapters.frame;

/** The caller side ended (provider {@code stop}, socket closed); {@code reason} optional. */
public record StopFrame(String reason) implements Frame {

    /** Wire type. */
    public static final String TYPE = "stop";

    @Override
    public String type() {
        return TYPE;
    }
}
