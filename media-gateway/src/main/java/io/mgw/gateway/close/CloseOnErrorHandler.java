package io.mgw.gateway.close;

import io.mgw.gateway.metrics.GatewayMetrics;
import io.mgw.service.GracefulClose;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a session socket and the only writer of close frames (STYLE B7): a {@link GatewayException}
 * (or any other failure, as 1011 without detail in the reason; an oversized frame as 1009, a framing violation as
 * 1002) becomes one close frame,
 * one structured log line (session, code, reason, duration, frames each way) and one
 * {@code mgw_gateway_ws_closes_total{endpoint,code}} increment. A close the client starts is echoed and logged the
 * same way; a connection that just drops is logged as 1006 (abnormal closure, never sent).
 */
public final class CloseOnErrorHandler extends ChannelInboundHandlerAdapter {

    /** The endpoint label of the session socket's close counter. */
    public static final String ENDPOINT = "session";

    private static final Logger log = LoggerFactory.getLogger(CloseOnErrorHandler.class);
    /** How long the peer gets to answer our close frame before the TCP connection is closed anyway. */
    private static final long CLOSE_GRACE_MILLIS = 1_000;
    /** RFC 6455 1005: the peer's close frame carried no status code (logged and counted as such, never sent). */
    private static final int NO_STATUS = WebSocketCloseStatus.EMPTY.code();
    /** The log line's {@code by} for a close the peer started. */
    private static final String BY_PEER = "client";

    private final GatewayMetrics metrics;
    private final String endpoint;
    private boolean done;

    public CloseOnErrorHandler(GatewayMetrics metrics) {
        this(metrics, ENDPOINT);
    }

    /** @param endpoint the close counter's and log line's endpoint label ({@code session}, {@code agent-stream}) */
    public CloseOnErrorHandler(GatewayMetrics metrics, String endpoint) {
        this.metrics = metrics;
        this.endpoint = endpoint;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        CloseCode code;
        String detail;
        String reason = null; // the code's own unless the failure words it for the peer
        if (cause instanceof GatewayException e) {
            code = e.closeCode();
            detail = e.getMessage();
            reason = e.peerReason();
        } else if (cause instanceof CorruptedWebSocketFrameException e && e.closeStatus() != null
                && e.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code()) {
            code = CloseCode.TOO_BIG;
            detail = "client frame over the size limit";
        } else if (cause instanceof CorruptedWebSocketFrameException e && ENDPOINT.equals(endpoint)) {
            // The session socket reads raw frames and says what was wrong; the agent stream keeps its documented set.
            code = CloseCode.PROTOCOL_ERROR;
            detail = e.getMessage();
        } else {
            code = CloseCode.PROXY_ERROR;
            detail = cause.getClass().getSimpleName();
            log.debug("session socket failure", cause);
        }
        close(ctx.channel(), code.code(), reason != null ? reason : code.reason(), detail, "gateway");
    }

    /** A close frame from the client (passed on by the session handler): echo its code and close. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof CloseWebSocketFrame frame) {
            int status = frame.statusCode();
            frame.release();
            if (done) {
                ctx.close(); // the client answered our close
                return;
            }
            if (status < 0) {
                close(ctx.channel(), NO_STATUS, null, "client closed without a status", BY_PEER);
            } else if (!WebSocketCloseStatus.isValidStatusCode(status)) {
                // A code no endpoint may send (RFC 6455 7.4): answered as the protocol error it is.
                close(ctx.channel(), WebSocketCloseStatus.PROTOCOL_ERROR.code(), "invalid close code",
                        "client closed with invalid code " + status, BY_PEER);
            } else {
                close(ctx.channel(), status, null, "client closed", BY_PEER);
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!done) {
            done = true;
            logAndCount(ctx.channel(), WebSocketCloseStatus.ABNORMAL_CLOSURE.code(), "connection lost", "client");
        }
        ctx.fireChannelInactive();
    }

    private void close(Channel channel, int code, String reason, String detail, String by) {
        if (done) {
            return;
        }
        done = true;
        logAndCount(channel, code, detail, by);
        if (!channel.isActive()) {
            return;
        }
        // A client-started close is echoed with its own code (RFC 6455 5.5.1); 1005 (counted, never sent) echoes none.
        CloseWebSocketFrame frame = code == NO_STATUS ? new CloseWebSocketFrame() : new CloseWebSocketFrame(code, reason);
        if (by.equals(BY_PEER)) {
            // The closing handshake is complete once echoed: the server closes TCP first (RFC 6455 7.1.1), with its
            // FIN right behind the echo, rather than waiting a grace period for a peer that may wait for it.
            GracefulClose.writeThenClose(channel, frame);
            return;
        }
        channel.writeAndFlush(frame).addListener(f -> channel.eventLoop()
                .schedule(() -> channel.close(), CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS));
    }

    private void logAndCount(Channel channel, int code, String detail, String by) {
        ConnectionStats stats = channel.attr(ConnectionStats.KEY).get();
        String session = stats == null ? "-" : stats.sessionId();
        if (stats != null) {
            stats.closed(code, detail);
        }
        log.info("ws_closed endpoint={} session={} code={} by={} reason=\"{}\" duration_ms={} frames_in={} frames_out={} frames_invalid={}",
                endpoint, session, code, by, detail, stats == null ? 0 : stats.durationMillis(),
                stats == null ? 0 : stats.framesIn(), stats == null ? 0 : stats.framesOut(),
                stats == null ? 0 : stats.framesInvalid());
        metrics.wsClosed(endpoint, code);
    }

    /**
     * Closes the gateway's leg to a pod with {@code code} (the pod side of the same one-writer rule), gracefully: the
     * pod may still be sending, and closing on its unread frames would reset the connection and destroy the close
     * frame before the pod read it (it would then hold the session for its grace period as if the link had dropped).
     */
    public static void closeUpstream(Channel upstream, CloseCode code) {
        if (upstream.isActive()) {
            GracefulClose.writeThenClose(upstream, new CloseWebSocketFrame(code.code(), code.reason()));
        }
    }
}
