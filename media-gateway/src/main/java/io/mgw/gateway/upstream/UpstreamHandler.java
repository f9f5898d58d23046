package io.mgw.gateway.upstream;

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
 * completes {@code handshakeDone}, answers pings, and hands data frames to the {@link UpstreamListener} untouched
 * (ownership passes with them). Close frames and the connection's end are reported; the listener decides.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {

    private final WebSocketClientHandshaker handshaker;
    private final Promise<io.netty.channel.Channel> handshakeDone;
    private final UpstreamListener listener;

    UpstreamHandler(WebSocketClientHandshaker handshaker, Promise<io.netty.channel.Channel> handshakeDone,
                    UpstreamListener listener) {
        this.handshaker = handshaker;
        this.handshakeDone = handshakeDone;
        this.listener = listener;
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
        } else if (msg instanceof WebSocketFrame frame) {
            listener.onPodFrame(frame);
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
