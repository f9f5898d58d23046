package io.mgw.gateway.session;

import io.mgw.adapters.contract.SessionRoute;
import io.mgw.adapters.contract.WsTokens;
import io.mgw.gateway.close.CloseOnErrorHandler;
import io.mgw.gateway.close.ConnectionStats;
import io.mgw.gateway.resume.ResumeCursor;
import io.mgw.service.HttpEndpoint;
import io.mgw.service.JsonResponses;
import io.mgw.service.PipelineNames;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/streaming/sessions/{sessionId}/ws}: the pre-upgrade checks as plain JSON HTTP answers, in
 * DESIGN's order (id pattern 404, ws_token 401, control-plane lookup 404/500, token organization 401), then the
 * WebSocket upgrade (no extensions: permessage-deflate refused) and the session tail of the pipeline:
 * {@link SessionHandler} then {@link CloseOnErrorHandler}. The lookup is async; the channel does not read meanwhile.
 */
public final class SessionSocketEndpoint implements HttpEndpoint {

    public static final String PATH_PREFIX = "/api/v1/streaming/sessions/";
    public static final String PATH_SUFFIX = "/ws";
    public static final String SESSION_HANDLER = "session";
    public static final String CLOSE_HANDLER = "close-on-error";
    /** Session states whose socket may be proxied (API document, pre-upgrade 404). */
    public static final Set<String> PROXYABLE = Set.of("pending", "scheduling", "ready", "connecting", "active");

    private static final Logger log = LoggerFactory.getLogger(SessionSocketEndpoint.class);
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final WriteBufferWaterMark CLIENT_WATER_MARK = new WriteBufferWaterMark(256 * 1024, 512 * 1024);

    private final SessionServices svc;
    private final WebSocketDecoderConfig decoderConfig;

    public SessionSocketEndpoint(SessionServices svc) {
        this.svc = svc;
        this.decoderConfig = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(svc.config().sessionSocket().maxFrameBytes())
                .allowExtensions(false)
                .expectMaskedFrames(true)
                .closeOnProtocolViolation(false) // CloseOnErrorHandler sends the close (1009 for a big frame)
                .build();
    }

    @Override
    public boolean matches(String path) {
        return path.startsWith(PATH_PREFIX) && path.endsWith(PATH_SUFFIX) && path.length() > PATH_PREFIX.length() + PATH_SUFFIX.length() - 1;
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        String sessionId = path.substring(PATH_PREFIX.length(), path.length() - PATH_SUFFIX.length());
        if (!SESSION_ID.matcher(sessionId).matches()) {
            respond(ctx, HttpResponseStatus.NOT_FOUND, "not_found", "no such session");
            return;
        }
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        WsTokens.Verification verification = svc.authenticator().verify(request, query, sessionId);
        if (!(verification instanceof WsTokens.Verification.Valid token)) {
            WsTokens.Verification.Invalid invalid = (WsTokens.Verification.Invalid) verification;
            log.info("session socket refused: session={} status=401 reason={}", sessionId, invalid.reason());
            respond(ctx, HttpResponseStatus.UNAUTHORIZED, "unauthorized", "missing or invalid ws_token");
            return;
        }
        List<String> cursor = query.parameters().get(ResumeCursor.QUERY_PARAMETER);
        OptionalLong resumeFrom = cursor == null || cursor.isEmpty() ? OptionalLong.empty() : ResumeCursor.parse(cursor.get(0));
        request.retain();
        ctx.channel().config().setAutoRead(false);
        svc.controlPlane().session(sessionId).whenComplete((route, error) -> ctx.executor().execute(() -> {
            boolean upgrading = false;
            try {
                upgrading = decide(ctx, request, sessionId, token, route, error, resumeFrom);
            } finally {
                request.release();
                if (!upgrading) {
                    ctx.channel().config().setAutoRead(true);
                }
            }
        }));
    }

    /** @return whether an upgrade is under way (reading resumes once it completes) */
    private boolean decide(ChannelHandlerContext ctx, FullHttpRequest request, String sessionId, WsTokens.Verification.Valid token,
                        Optional<SessionRoute> route, Throwable error, OptionalLong resumeFrom) {
        if (!ctx.channel().isActive()) {
            return false;
        }
        if (error != null) {
            log.warn("session lookup failed: session={} cause={}", sessionId, rootMessage(error));
            respond(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal_error", "session lookup failed");
        } else if (route.isEmpty() || !PROXYABLE.contains(route.get().status())) {
            respond(ctx, HttpResponseStatus.NOT_FOUND, "not_found", "no such session");
        } else if (!token.organizationId().equals(route.get().organizationId())) {
            log.info("session socket refused: session={} status=401 reason=WRONG_ORGANIZATION", sessionId);
            respond(ctx, HttpResponseStatus.UNAUTHORIZED, "unauthorized", "missing or invalid ws_token");
        } else {
            return upgrade(ctx, request, route.get(), resumeFrom);
        }
        return false;
    }

    private boolean upgrade(ChannelHandlerContext ctx, FullHttpRequest request, SessionRoute route, OptionalLong resumeFrom) {
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                "ws://gateway" + PATH_PREFIX + route.sessionId() + PATH_SUFFIX, null, decoderConfig).newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return false;
        }
        var stats = new ConnectionStats(route.sessionId());
        var handler = new SessionHandler(svc, route, resumeFrom, stats);
        ChannelPipeline pipeline = ctx.pipeline();
        if (pipeline.get(PipelineNames.HTTP_KEEP_ALIVE) != null) {
            pipeline.remove(PipelineNames.HTTP_KEEP_ALIVE);
        }
        pipeline.addAfter(PipelineNames.ROUTE, SESSION_HANDLER, handler);
        pipeline.addAfter(SESSION_HANDLER, CLOSE_HANDLER, new CloseOnErrorHandler(svc.metrics()));
        try {
            ctx.channel().attr(ConnectionStats.KEY).set(stats);
            handshaker.handshake(ctx.channel(), request).addListener(f -> {
                if (f.isSuccess()) {
                    ctx.channel().config().setWriteBufferWaterMark(CLIENT_WATER_MARK);
                    pipeline.remove(PipelineNames.ROUTE);
                    ctx.channel().config().setAutoRead(true);
                } else {
                    ctx.close();
                }
            });
            // The 101 is queued first; attaching now means whatever the session sends next follows it, and a
            // client that saw the 101 is already attached (a failed write closes the channel and detaches it).
            handler.upgraded();
            return true;
        } catch (WebSocketHandshakeException e) {
            pipeline.remove(SESSION_HANDLER);
            pipeline.remove(CLOSE_HANDLER);
            respond(ctx, HttpResponseStatus.BAD_REQUEST, "bad_request", "not a WebSocket upgrade request");
            return false;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName();
    }

    private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String code, String message) {
        ctx.writeAndFlush(JsonResponses.error(ctx.alloc(), status, code, message));
    }
}
