package io.mgw.gateway.upstream;

import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/** What the upstream leg reports to the session that owns it; every call arrives on the upstream's event loop. */
public interface UpstreamListener {

    /** A text, binary or continuation frame from the pod; the listener owns (and must release or forward) it. */
    void onPodFrame(WebSocketFrame frame);

    /** The pod sent a close frame with {@code code}. */
    void onPodClose(int code);

    /** The upstream connection is gone (after or without a close frame). */
    void onPodInactive();

    /** The upstream's writability changed: pause or resume reading the client. */
    void onPodWritability(boolean writable);
}
