package io.mgw.runtime.session;

import io.mgw.runtime.metrics.RuntimeMetrics;
import io.mgw.service.GracefulClose;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;

/**
 * The close codes of the pod's session socket (frames.md, pod endpoints; DESIGN's close-code table), and the one
 * place that writes a close frame on it. What the gateway should do is in each constant's Javadoc.
 */
public enum SessionCloseCode {

    /** 1000: the session is over (an {@code end} frame went first); do not reconnect. */
    SESSION_ENDED(1000, "session ended"),
    /** 1011: the pod failed to serve this link; the gateway may retry elsewhere. */
    INTERNAL_ERROR(1011, "pod error"),
    /** 1012: the session moved to a newer link ({@code takeover=1}); this link is no longer the session's. */
    MOVED(1012, "session moved to another link"),
    /** 1012: the pod is draining; reconnect with {@code takeover=1} on another pod. */
    DRAINING(1012, "pod draining"),
    /** 1013: the pod runs its capacity of sessions; retry with backoff, preferably on another pod. */
    AT_CAPACITY(1013, "pod at capacity");

    private final int code;
    private final String reason;

    SessionCloseCode(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    /**
     * Sends this close frame on {@code link}, counts it, and closes the channel gracefully once written
     * ({@link GracefulClose}: the link stops handing frames to the session, sends its FIN after the close frame and
     * discards what the gateway still sends until the gateway closes its side). The returned future completes when
     * the close frame is written.
     */
    public ChannelFuture close(Channel link, RuntimeMetrics metrics) {
        metrics.sessionClosed(code);
        return GracefulClose.writeThenClose(link, new CloseWebSocketFrame(code, reason));
    }
}
