package io.mgw.adapters.frame;

/** The pod asks the gateway to transfer the call to {@code to} (a number or SIP URI). */
public record TransferFrame(String to, String reason) implements Frame {

    /** Wire type. */
    public static final String TYPE = "transfer";

    /** Requires a destination. */
    public TransferFrame {
        FrameChecks.requireText(to, "to");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
