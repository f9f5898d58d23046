package io.mgw.gateway.close;

/** A failure that ends a session socket with a documented {@link CloseCode}; {@link CloseOnErrorHandler} sends it. */
public class GatewayException extends RuntimeException {

    private final CloseCode closeCode;
    private final String peerReason;

    /** @param detail for the log line only; the peer sees {@link CloseCode#reason()} */
    public GatewayException(CloseCode closeCode, String detail) {
        this(closeCode, detail, null);
    }

    /**
     * @param detail     for the log line only
     * @param peerReason the close reason the peer sees instead of {@link CloseCode#reason()} (the agent stream words
     *                   its refusals as the API document's product does); cut to printable ASCII and
     *                   {@link CloseCode#MAX_REASON_BYTES}; null for the code's own reason
     */
    public GatewayException(CloseCode closeCode, String detail, String peerReason) {
        super(detail, null, false, false);
        this.closeCode = closeCode;
        this.peerReason = peerReason == null ? null : fit(peerReason);
    }

    public CloseCode closeCode() {
        return closeCode;
    }

    /** The close frame's reason: the one given at construction, else the code's own. */
    public String peerReason() {
        return peerReason != null ? peerReason : closeCode.reason();
    }

    /** Printable ASCII only (a reason may quote a name the peer sent) and short enough for a control frame. */
    static String fit(String reason) {
        StringBuilder out = new StringBuilder(Math.min(reason.length(), CloseCode.MAX_REASON_BYTES));
        for (int i = 0; i < reason.length() && out.length() < CloseCode.MAX_REASON_BYTES; i++) {
            char c = reason.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}
