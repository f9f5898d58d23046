package io.mgw.adapters.frame;

/** The pod asks the gateway to end the telephony call (through the provider's API, once). */
public record HangupFrame(String reason) implements Frame {

    /** Wire type. */
    public static final String TYPE = "hangup";

    @Override
    public String type() {
        return TYPE;
    }
}
