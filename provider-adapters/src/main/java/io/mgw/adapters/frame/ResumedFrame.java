package io.mgw.adapters.frame;

import com.fasterxml.jackson.annotation.JsonProperty;

/** First frame of a pod on a takeover connection; consumed by the gateway, never forwarded. */
public record ResumedFrame(@JsonProperty("last_seq") long lastSeq) implements Frame {

    /** Wire type. */
    public static final String TYPE = "resumed";

    @Override
    public String type() {
        return TYPE;
    }
}
