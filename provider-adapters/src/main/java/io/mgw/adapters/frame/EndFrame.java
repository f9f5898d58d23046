package io.mgw.adapters.frame;

/** The session is over; the gateway then closes the socket normally. */
public record EndFrame(long seq, String reason) implements SequencedFrame {

    /** Wire type. */
    public static final String TYPE = "end";

    /** Checks seq. */
    public EndFrame {
        FrameChecks.requireSeq(seq);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public EndFrame withSeq(long newSeq) {
        return new EndFrame(newSeq, reason);
    }
}
