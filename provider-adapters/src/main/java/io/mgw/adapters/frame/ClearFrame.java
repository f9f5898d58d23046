package io.mgw.adapters.frame;

/** Barge-in: drop the audio queued toward the caller. */
public record ClearFrame() implements Frame {

    /** Wire type. */
    public static final String TYPE = "clear";

    @Override
    public String type() {
        return TYPE;
    }
}
