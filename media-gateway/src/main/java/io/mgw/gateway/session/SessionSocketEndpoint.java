package io.mgw.gateway.session;

import io.mgw.adapters.contract.SessionRoute;
import io.mgw.adapters.contract.WsTokens;
import io.mgw.gateway.close.CloseOnErrorHandler;
import io.mgw.gateway.close.ConnectionStats;
import io.mgw.gateway.resume.ResumeCursor;
import io.mgw.gateway.wire.WebSocketUpgrade;
import io.mgw.service.HttpEndpoint;
import io.mgw.service.JsonResponses;
import io.mgw.service.PipelineNames;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/streaming/sessions/{sessionId}/ws}: the pre-upgrade checks as plain JSON HTTP answers, in
 * DESIGN's order (id pattern 404, ws_token 401, control-plane lookup 404/500, token organization 401, the session's
 * routing hash in Redis 500), then the WebSocket upgrade ({@link WebSocketUpgrade}: no extensions, so
 * permessage-deflate is refused; the HTTP codec gives way to the raw frame layer) and the session tail of the
 * pipeline: {@link SessionHandler} then {@link CloseOnErrorHandler}. The lookups are async and run together; the
 * channel does not read meanwhile.
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

    public SessionSocketEndpoint(SessionServices svc) {
        this.svc = svc;
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
        svc.registry().opening(); // a drain starting meanwhile waits to answer it with 1012 rather than cut it
        // Both lookups before the upgrade, so an unreachable control plane or Redis is a plain 500 (DESIGN).
        CompletableFuture<Optional<SessionRoute>> route = svc.controlPlane().session(sessionId);
        CompletableFuture<Map<String, String>> routing = svc.buffer().state(sessionId);
        CompletableFuture.allOf(route, routing).whenComplete((ignored, error) -> ctx.executor().execute(() -> {
            boolean upgrading = false;
            try {
                upgrading = decide(ctx, request, sessionId, token, route, routing, resumeFrom);
            } finally {
                request.release();
                if (!upgrading) {
                    ctx.channel().config().setAutoRead(true);
                }
                svc.registry().opened();
            }
        }));
    }

    /** @return whether the connection was upgraded (reading resumes once the session handlers are in place) */
    private boolean decide(ChannelHandlerContext ctx, FullHttpRequest request, String sessionId, WsTokens.Verification.Valid token,
                           CompletableFuture<Optional<SessionRoute>> lookup, CompletableFuture<Map<String, String>> routing,
                           OptionalLong resumeFrom) {
        if (!ctx.channel().isActive()) {
            return false;
        }
        if (lookup.isCompletedExceptionally()) {
            log.warn("session lookup failed: session={} cause={}", sessionId, rootMessage(lookup));
            respond(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal_error", "session lookup failed");
            return false;
        }
        Optional<SessionRoute> route = lookup.join();
        if (route.isEmpty() || !PROXYABLE.contains(route.get().status())) {
            respond(ctx, HttpResponseStatus.NOT_FOUND, "not_found", "no such session");
        } else if (!token.organizationId().equals(route.get().organizationId())) {
            log.info("session socket refused: session={} status=401 reason=WRONG_ORGANIZATION", sessionId);
            respond(ctx, HttpResponseStatus.UNAUTHORIZED, "unauthorized", "missing or invalid ws_token");
        } else if (routing.isCompletedExceptionally()) {
            log.warn("session routing read failed: session={} cause={}", sessionId, rootMessage(routing));
            respond(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal_error", "session routing unavailable");
        } else {
            return upgrade(ctx, request, route.get(), routing.join(), resumeFrom);
        }
        return false;
    }

    private boolean upgrade(ChannelHandlerContext ctx, FullHttpRequest request, SessionRoute route,
                            Map<String, String> routing, OptionalLong resumeFrom) {
        Optional<WebSocketUpgrade.Refusal> refusal = WebSocketUpgrade.check(request);
        if (refusal.isPresent()) {
            var response = JsonResponses.error(ctx.alloc(), refusal.get().status(), refusal.get().code(), refusal.get().message());
            if (refusal.get().status().equals(HttpResponseStatus.UPGRADE_REQUIRED)) {
                response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
            }
            ctx.writeAndFlush(response);
            return false;
        }
        var stats = new ConnectionStats(route.sessionId());
        var handler = new SessionHandler(svc, route, resumeFrom, stats);
        ChannelPipeline pipeline = ctx.pipeline();
        ctx.channel().attr(ConnectionStats.KEY).set(stats);
        for (String http : List.of(PipelineNames.HTTP_KEEP_ALIVE, PipelineNames.HTTP_AGGREGATOR)) {
            if (pipeline.get(http) != null) {
                pipeline.remove(http);
            }
        }
        ctx.writeAndFlush(WebSocketUpgrade.switchingProtocols(request)).addListener(f -> {
            if (!f.isSuccess()) {
                ctx.close();
            }
        });
        pipeline.addAfter(PipelineNames.ROUTE, SESSION_HANDLER, handler);
        pipeline.addAfter(SESSION_HANDLER, CLOSE_HANDLER, new CloseOnErrorHandler(svc.metrics()));
        pipeline.remove(PipelineNames.ROUTE);
        ctx.channel().config().setWriteBufferWaterMark(CLIENT_WATER_MARK);
        // The 101 is encoded: whatever the session sends next follows it, so attach before frames can arrive.
        handler.upgraded(routing);
        WebSocketUpgrade.installFrameLayer(pipeline, PipelineNames.HTTP_CODEC, svc.config().sessionSocket().maxFrameBytes());
        ctx.channel().config().setAutoRead(true);
        return true;
    }

    private static String rootMessage(CompletableFuture<?> failed) {
        try {
            failed.join();
            return "none";
        } catch (CompletionException e) {
            return rootMessage(e);
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
