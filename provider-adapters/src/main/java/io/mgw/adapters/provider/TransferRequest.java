package io.mgw.adapters.provider;

import io.mgw.adapters.frame.TransferFrame;
import java.util.Objects;

/**
 * Where to transfer a call: {@code to} (number or SIP URI), an optional caller id, and for
 * providers that need instructions by URL (Plivo) an optional {@code instructionsUrl}.
 */
public record TransferRequest(String to, String callerId, String instructionsUrl) {

    /** Requires a destination. */
    public TransferRequest {
        Objects.requireNonNull(to, "to");
    }

    /** The request a pod's transfer frame asks for. */
    public static TransferRequest of(TransferFrame frame) {
        return new TransferRequest(frame.to(), null, null);
    }
}
