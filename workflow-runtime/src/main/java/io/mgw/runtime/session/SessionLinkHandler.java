package io.mgw.runtime.session;

import io.mgw.adapters.frame.Frame;
import io.mgw.adapters.frame.FrameJson;
import io.mgw.adapters.frame.ParseResult;
import io.mgw.runtime.metrics.RuntimeMetrics;
import io.mgw.service.PipelineNames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway link of a session: after the handshake it asks the {@link SessionRegistry} for the session (reading
 * stays off until the session has taken the link), then hands binary audio and parsed JSON frames to it and reports
 * the link's end. Frames that do not parse are dropped and counted. Work hops to the session's executor when the
 * link lives on another event loop (a takeover); the audio buffer is retained across the hop.
 */
final class SessionLinkHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final Logger log = LoggerFactory.getLogger(SessionLinkHandler.class);

    private final SessionRequest request;
    private final SessionRegistry sessions;
    private final RuntimeMetrics metrics;
    private ChannelHandlerContext ctx;
    private Session session;

    SessionLinkHandler(SessionRequest request, SessionRegistry sessions, RuntimeMetrics metrics) {
        this.request = request;
        this.sessions = sessions;
        this.metrics = metrics;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            if (ctx.pipeline().get(PipelineNames.HTTP_KEEP_ALIVE) != null) {
                ctx.pipeline().remove(PipelineNames.HTTP_KEEP_ALIVE);
            }
            ctx.channel().config().setAutoRead(false);
            sessions.open(request, ctx.channel(), this);
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    /** The session took this link: frames flow from now on. Any thread. */
    void attached(Session attachedTo) {
        if (ctx.executor().inEventLoop()) {
            session = attachedTo;
            ctx.channel().config().setAutoRead(true);
        } else {
            ctx.executor().execute(() -> attached(attachedTo));
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        metrics.frameIn();
        Session target = session;
        if (target == null) {
            metrics.frameInvalid();
            return;
        }
        if (frame instanceof BinaryWebSocketFrame) {
            audio(target, frame.content());
        } else if (frame instanceof TextWebSocketFrame) {
            ByteBuf text = frame.content();
            ParseResult<Frame> parsed = FrameJson.parse(ByteBufUtil.getBytes(text), 0, text.readableBytes());
            if (parsed.isOk()) {
                target.execute(() -> target.inbound(parsed.value()));
            } else {
                metrics.frameInvalid();
                log.debug("session {}: dropped a frame: {}", request.sessionId(), parsed.error());
            }
        } else {
            metrics.frameInvalid();
        }
    }

    private static void audio(Session target, ByteBuf data) {
        if (target.inExecutor()) {
            target.audio(data, false);
            return;
        }
        ByteBuf retained = data.retain();
        target.execute(() -> {
            try {
                target.audio(retained, false);
            } finally {
                retained.release();
            }
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        Session target = session;
        if (target != null) {
            target.execute(() -> target.linkClosed(ctx.channel()));
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("session {}: link failed: {}", request.sessionId(), cause.toString());
        SessionCloseCode.INTERNAL_ERROR.close(ctx.channel(), metrics);
    }
}
