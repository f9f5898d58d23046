package io.mgw.runtime.session;

import io.mgw.runtime.metrics.RuntimeMetrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

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

    /** How long a closed link waits for the gateway to close its side before closing anyway. */
    static final Duration LINGER = Duration.ofSeconds(2);
    private static final String DISCARD = "discard-after-close";

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
     * Sends this close frame on {@code link}, counts it, and closes the channel gracefully once written: the link
     * stops handing frames to the session, sends its FIN after the close frame, discards what the gateway still sends,
     * and closes when the gateway closes its side (at most {@link #LINGER} later). Closing at once on input not yet
     * read makes the kernel reset the connection, and a reset destroys the end and close frames still waiting in the
     * gateway's receive buffer: at 1,000 sessions a tenth of them ended with the gateway's 1011 instead of 1000.
     * The returned future completes when the close frame is written.
     */
    public ChannelFuture close(Channel link, RuntimeMetrics metrics) {
        metrics.sessionClosed(code);
        if (!link.isActive()) {
            return link.close();
        }
        ChannelFuture written = link.writeAndFlush(new CloseWebSocketFrame(code, reason));
        written.addListener((ChannelFutureListener) f -> linger(f.channel(), f.isSuccess()));
        return written;
    }

    private static void linger(Channel link, boolean closeFrameWritten) {
        if (!closeFrameWritten || !(link instanceof DuplexChannel duplex) || !link.isActive()) {
            link.close();
            return;
        }
        if (link.pipeline().get(DISCARD) == null) {
            link.pipeline().addFirst(DISCARD, DiscardInput.INSTANCE);
        }
        link.config().setAutoRead(true);
        duplex.shutdownOutput();
        ScheduledFuture<?> deadline = link.eventLoop().schedule(() -> link.close(), LINGER.toMillis(),
                TimeUnit.MILLISECONDS);
        link.closeFuture().addListener(f -> deadline.cancel(false));
    }

    /** Drops every byte a link receives after its close frame went out: the session is no longer listening. */
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
