package io.mgw.gateway.upstream;

import io.netty.buffer.ByteBufHolder;

/** What the upstream leg reports to the session that owns it; every call arrives on the upstream's event loop. */
public interface UpstreamListener {

    /**
     * A text, binary or continuation frame from the pod, or null at the end of a read batch (time to flush). The
     * frame is a {@code WebSocketFrame} on a decoded leg and a {@code RawFrame} on a raw one; the listener owns (and
     * must release or forward) it.
     */
    void onPodFrame(ByteBufHolder frame);

    /** The pod sent a close frame with {@code code}. */
    void onPodClose(int code);

    /** The upstream connection is gone (after or without a close frame). */
    void onPodInactive();

    /** The upstream's writability changed: pause or resume reading the client. */
    void onPodWritability(boolean writable);
}
