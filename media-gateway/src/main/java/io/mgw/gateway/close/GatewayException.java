package io.mgw.gateway.close;

/** A failure that ends a session socket with a documented {@link CloseCode}; {@link CloseOnErrorHandler} sends it. */
public class GatewayException extends RuntimeException {

    private final CloseCode closeCode;

    /** @param detail for the log line only; the client sees {@link CloseCode#reason()} */
    public GatewayException(CloseCode closeCode, String detail) {
        super(detail, null, false, false);
        this.closeCode = closeCode;
    }

    public CloseCode closeCode() {
        return closeCode;
    }
}
