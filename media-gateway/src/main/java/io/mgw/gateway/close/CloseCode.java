package io.mgw.gateway.close;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Every close code the session socket and the agent stream send (DESIGN "The session socket", the API document's close-code table).
 * A client author needs no other file: 1000 and 1002/1009/1011 are terminal for the connection, 1012/1013/4409 ask the
 * client to reconnect (4409 with {@code resume_from}). Reasons are short (RFC 6455 allows 123 bytes of UTF-8) and
 * carry no internal detail. No other class holds a close-code literal.
 */
public enum CloseCode {

    /** 1000: the session ended (the pod's {@code end}, or a DELETE through the control channel). Done. */
    ENDED(1000, "session ended", false),
    /**
     * 1002 (RFC 6455): the client broke the framing rules (an unmasked frame, RSV bits without an extension, an
     * unknown opcode, a fragmented or oversized control frame, fragments out of order). Fix the client.
     */
    PROTOCOL_ERROR(1002, "protocol error", false),
    /** 1009: a client frame was larger than {@code MGW_MAX_FRAME_SIZE}. Do not resend it. */
    TOO_BIG(1009, "frame too big", false),
    /**
     * 1011: proxy error: no pod reachable within the connect budget, a missed keepalive ({@code ping timeout}: two
     * pings without a pong), an upstream that vanished, or a failure inside the gateway. Do not retry on this
     * connection; a new connection (with {@code resume_from}) may be tried.
     */
    PROXY_ERROR(1011, "proxy error", false),
    /** 1011 with the keepalive reason: the client missed two pongs; its upstream is released to the grace period. */
    PING_TIMEOUT(1011, "ping timeout", false),
    /** 1012: the session moved to another pod (or this gateway drains). Reconnect with {@code resume_from}. */
    REASSIGNED(1012, "session reassigned", true),
    /** 1013: the deployment is at capacity (or a pod is cold-starting). Reconnect with exponential backoff. */
    CAPACITY(1013, "at capacity, try again later", true),
    /** 1001 toward the pod only: the gateway lets the session go (client gone past the grace period, ping timeout). */
    CLIENT_GONE(1001, "client gone", false),
    /** 4409: the client read too slowly and its outbound queue passed its limit. Reconnect with {@code resume_from}. */
    SLOW_CONSUMER(4409, "slow consumer", true),

    // The agent stream (DESIGN "The agent stream"): 1000, 1008, 1011, 4400, 4408 and nothing else. Fixed reasons are
    // worded as the API document's product words them; the ones that name what the provider sent come from
    // CallCloseReasons.
    /** 1000 on the agent stream: the call ended (the provider's {@code stop}, the pod's {@code end} or hangup). */
    CALL_ENDED(1000, "call ended", false),
    /** 1008: the provider name in the path or {@code ?provider=} is not registered. */
    UNKNOWN_PROVIDER(1008, "unknown provider", false),
    /** 1008: no workflow has the agent UUID. */
    UNKNOWN_AGENT(1008, "Workflow not found", false),
    /** 1008: the organization's session-seconds budget is spent. */
    QUOTA_EXCEEDED(1008, "Quota exceeded", false),
    /** 1008: the organization's concurrent-call limit is reached. */
    CONCURRENT_CALLS(1008, "Concurrent call limit reached", false),
    /** 1011: the provider's API failed or timed out while validating the call. */
    PROVIDER_API_FAILURE(1011, "provider api failure", false),
    /** 1011: a registered provider without agent-stream support. */
    PROVIDER_UNSUPPORTED(1011, "provider not supported", false),
    /** 1011: a failure inside the gateway or a service it depends on. */
    SERVER_ERROR(1011, "server error", false),
    /** 1011: the gateway stopped while the call was still live (it waited for the call until its drain deadline). */
    SHUTTING_DOWN(1011, "Gateway shutting down", false),
    /**
     * 4400: provider handshake error: missing domain, no matching configuration, a configuration without a token,
     * a malformed or missing {@code connected}/{@code start}, or the provider rejecting the call.
     */
    HANDSHAKE_ERROR(4400, "provider handshake error", false),
    /** 4408: the provider handshake did not complete within {@code MGW_AGENT_HANDSHAKE_TIMEOUT}. */
    HANDSHAKE_TIMEOUT(4408, "Handshake timeout", false);

    /** RFC 6455: a close reason fits in a control frame with the 2-byte code. */
    public static final int MAX_REASON_BYTES = 123;

    private final int code;
    private final String reason;
    private final boolean reconnect;

    CloseCode(int code, String reason, boolean reconnect) {
        if (reason.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            throw new IllegalArgumentException("close reason too long: " + reason);
        }
        this.code = code;
        this.reason = reason;
        this.reconnect = reconnect;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    /** Whether a client should open a new connection (with backoff or {@code resume_from}). */
    public boolean reconnect() {
        return reconnect;
    }

    /** The code to hand a client when the pod closed the upstream with {@code podCode} after the upgrade went live. */
    public static CloseCode fromUpstream(int podCode) {
        for (CloseCode c : new CloseCode[] {ENDED, REASSIGNED, CAPACITY}) {
            if (c.code == podCode) {
                return c;
            }
        }
        return PROXY_ERROR;
    }

    /** Whether {@code podCode} is one the gateway retries while the connect budget lasts (1012, 1013). */
    public static Optional<CloseCode> retryable(int podCode) {
        if (podCode == REASSIGNED.code) {
            return Optional.of(REASSIGNED);
        }
        return podCode == CAPACITY.code ? Optional.of(CAPACITY) : Optional.empty();
    }
}
