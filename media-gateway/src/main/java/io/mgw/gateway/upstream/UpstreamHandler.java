package io.mgw.gateway.upstream;

import io.mgw.gateway.wire.RawFrame;
import io.mgw.gateway.wire.RawFrameDecoder;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;

/**
 * The gateway's WebSocket client toward a pod (as Netty's websocketx client example): runs the handshake and
 * completes {@code handshakeDone}, answers pings, and hands data frames ({@code WebSocketFrame}s, or
 * {@link RawFrame}s on a raw leg) to the {@link UpstreamListener} untouched
 * (ownership passes with them). Close frames and the connection's end are reported; the listener decides.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {

    /** The names Netty's client handshaker gives its frame decoder and encoder. */
    private static final String WS_DECODER = "ws-decoder";
    static final String WS_ENCODER = "ws-encoder";
    private static final String RAW_DECODER = "ws-raw-decoder";

    private final WebSocketClientHandshaker handshaker;
    private final Promise<io.netty.channel.Channel> handshakeDone;
    private final UpstreamListener listener;
    private final int rawMaxPayloadBytes;

    /** @param rawMaxPayloadBytes above 0: a raw leg, frames decoded by {@link RawFrameDecoder} with this limit */
    UpstreamHandler(WebSocketClientHandshaker handshaker, Promise<io.netty.channel.Channel> handshakeDone,
                    UpstreamListener listener, int rawMaxPayloadBytes) {
        this.handshaker = handshaker;
        this.handshakeDone = handshakeDone;
        this.listener = listener;
        this.rawMaxPayloadBytes = rawMaxPayloadBytes;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        handshaker.handshake(ctx.channel()).addListener(f -> {
            if (!f.isSuccess()) {
                handshakeDone.tryFailure(f.cause());
            }
        });
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!handshaker.isHandshakeComplete()) {
            try {
                if (msg instanceof FullHttpResponse response) {
                    handshaker.finishHandshake(ctx.channel(), response);
                    if (rawMaxPayloadBytes > 0) {
                        // Netty's decoder was just placed after the HTTP codec; bytes that follow the 101 reach its
                        // position only after this read, so the raw decoder sees every frame.
                        ctx.pipeline().replace(WS_DECODER, RAW_DECODER, new RawFrameDecoder(rawMaxPayloadBytes, false));
                    }
                    handshakeDone.trySuccess(ctx.channel());
                }
            } catch (RuntimeException e) {
                handshakeDone.tryFailure(e);
                ctx.close();
            } finally {
                ReferenceCountUtil.release(msg);
            }
            return;
        }
        if (msg instanceof CloseWebSocketFrame close) {
            int code = close.statusCode();
            close.release();
            listener.onPodClose(code);
        } else if (msg instanceof PingWebSocketFrame ping) {
            ctx.writeAndFlush(new PongWebSocketFrame(ping.content()));
        } else if (msg instanceof PongWebSocketFrame pong) {
            pong.release();
        } else if (msg instanceof WebSocketFrame || msg instanceof RawFrame) {
            listener.onPodFrame((ByteBufHolder) msg);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        listener.onPodFrame(null); // end of a read batch: flush toward the client
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        listener.onPodWritability(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        handshakeDone.tryFailure(new IllegalStateException("pod connection closed during the handshake"));
        listener.onPodInactive();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        handshakeDone.tryFailure(cause);
        ctx.close();
    }
}
