package io.mgw.service;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closing a connection whose peer may still be sending (a WebSocket link between the gateway and a pod): the last
 * message (the close frame) goes out, then the FIN; whatever still arrives is discarded unread by the pipeline, and
 * the channel closes when the peer closes its side, {@link #LINGER} later at most. Closing at once while input waits
 * unread makes the kernel reset the connection, and a reset destroys the frames still waiting in the peer's receive
 * buffer (the close frame among them): at 1,000 sessions a tenth of the pod's {@code end} and 1000 closes were lost
 * that way.
 */
public final class GracefulClose {

    /** How long a closed link waits for its peer to close its side before closing anyway. */
    public static final Duration LINGER = Duration.ofSeconds(2);
    private static final String DISCARD = "discard-after-close";

    private GracefulClose() {
    }

    /**
     * Writes {@code lastMessage} on {@code channel}, then closes it gracefully as above (at once when the write fails
     * or the channel cannot half-close). The returned future completes when the message is written.
     */
    public static ChannelFuture writeThenClose(Channel channel, Object lastMessage) {
        if (!channel.isActive()) {
            ReferenceCountUtil.release(lastMessage);
            return channel.close();
        }
        ChannelFuture written = channel.writeAndFlush(lastMessage);
        written.addListener((ChannelFutureListener) f -> linger(f.channel(), f.isSuccess()));
        return written;
    }

    private static void linger(Channel channel, boolean written) {
        if (!written || !(channel instanceof DuplexChannel duplex) || !channel.isActive()) {
            channel.close();
            return;
        }
        if (channel.pipeline().get(DISCARD) == null) {
            channel.pipeline().addFirst(DISCARD, DiscardInput.INSTANCE);
        }
        channel.config().setAutoRead(true);
        duplex.shutdownOutput();
        ScheduledFuture<?> deadline = channel.eventLoop().schedule(() -> channel.close(), LINGER.toMillis(),
                TimeUnit.MILLISECONDS);
        channel.closeFuture().addListener(f -> deadline.cancel(false));
    }

    /** Drops every byte a channel receives after its last message went out: nobody is listening any more. */
    @ChannelHandler.Sharable
    private static final class DiscardInput extends ChannelInboundHandlerAdapter {
        static final DiscardInput INSTANCE = new DiscardInput();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            // nothing was passed on, so nothing downstream waits for the end of the batch
        }
    }
}
