package io.mgw.deploy.load;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * How one kind of caller speaks over its WebSocket: its first messages, a 20 ms audio frame, an occasional JSON
 * frame, what it measures in what comes back, and its goodbye. One instance per run; per-call state is in
 * {@link LoadCall}. Called on the call's event loop only.
 */
interface Framing {

    /** Messages sent right after the WebSocket opened (a provider's {@code connected} and {@code start}). */
    default void open(LoadCall call) {
    }

    /** Audio frame number {@code index} (from 1), sent at {@code nowNanos}. */
    WebSocketFrame audio(LoadCall call, ByteBufAllocator alloc, long index, long nowNanos);

    /** The JSON frame sent after every {@code --json-every}-th audio frame. */
    WebSocketFrame json(LoadCall call, long index);

    /** A data frame from the far side at {@code nowNanos}: round trips, seq order, replies (borrowed). */
    void received(LoadCall call, WebSocketFrame frame, long nowNanos);

    /** The frame that ends the call (the far side then closes with 1000). */
    WebSocketFrame stop(LoadCall call);
}
