package io.mgw.gateway.agentstream;

import io.mgw.adapters.provider.DecodeResult;
import io.mgw.adapters.provider.ProviderCodec;
import io.mgw.adapters.provider.ProviderMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * The provider socket's translator, wrapping the call's {@link ProviderCodec}: inbound text and binary WebSocket
 * frames become {@link DecodeResult}s for the handlers behind it; outbound {@link ProviderMessage}s become WebSocket
 * frames. Pings are answered here; close frames pass on to {@code CloseOnErrorHandler}.
 *
 * <p>ByteBuf ownership: an inbound data frame is released here once decoded (the codec gets a copy); pongs and
 * frames that arrive before the provider is known are released and dropped. An outbound message's array (binary
 * audio, or text as UTF-8) is wrapped, not copied: the message gives it up when written.
 */
final class ProviderFrameCodec extends ChannelDuplexHandler {

    private final AgentCall call;
    /** A text message's bytes when the socket's buffer is off-heap: reused, since the codec copies what it keeps. */
    private byte[] textScratch = new byte[1024];

    ProviderFrameCodec(AgentCall call) {
        this.call = call;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof CloseWebSocketFrame) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (msg instanceof PingWebSocketFrame ping) {
            ctx.writeAndFlush(new PongWebSocketFrame(ping.content()));
            return;
        }
        if (!(msg instanceof WebSocketFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        DecodeResult result;
        try {
            ProviderCodec codec = call.codec;
            if (codec == null || call.closing()) {
                return;
            }
            if (frame instanceof TextWebSocketFrame text) {
                ByteBuf content = text.content();
                int length = content.readableBytes();
                if (content.hasArray()) {
                    result = codec.decodeText(content.array(), content.arrayOffset() + content.readerIndex(), length);
                } else {
                    if (textScratch.length < length) {
                        textScratch = new byte[Math.max(length, textScratch.length * 2)];
                    }
                    content.getBytes(content.readerIndex(), textScratch, 0, length);
                    result = codec.decodeText(textScratch, 0, length);
                }
            } else if (frame instanceof BinaryWebSocketFrame binary) {
                ByteBuf content = binary.content();
                if (content.hasArray()) {
                    result = codec.decodeBinary(content.array(), content.arrayOffset() + content.readerIndex(),
                            content.readableBytes());
                } else {
                    byte[] bytes = ByteBufUtil.getBytes(content);
                    result = codec.decodeBinary(bytes, 0, bytes.length);
                }
            } else {
                return; // pongs, continuations: providers send whole messages
            }
        } finally {
            ReferenceCountUtil.release(frame);
        }
        call.stats.frameIn();
        ctx.fireChannelRead(result);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ProviderMessage.Text text) {
            call.stats.frameOut();
            ctx.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(text.utf8())), promise);
        } else if (msg instanceof ProviderMessage.Binary binary) {
            call.stats.frameOut();
            ctx.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(binary.data())), promise);
        } else {
            ctx.write(msg, promise);
        }
    }
}
