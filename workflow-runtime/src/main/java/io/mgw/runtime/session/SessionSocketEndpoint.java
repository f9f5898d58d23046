package io.mgw.runtime.session;

import io.mgw.adapters.contract.DeploymentSpec;
import io.mgw.adapters.contract.InternalApi;
import io.mgw.runtime.deployment.DeploymentStore;
import io.mgw.runtime.internal.ServiceToken;
import io.mgw.runtime.metrics.RuntimeMetrics;
import io.mgw.service.HttpEndpoint;
import io.mgw.service.JsonResponses;
import io.mgw.service.PipelineNames;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The pod's session socket for gateways: {@code GET /sessions/{sessionId}/ws?deployment=<id>[&takeover=1]}.
 * Before the upgrade, in this order: another method 405; header {@code X-Service-Token} other than
 * {@code MGW_SERVICE_TOKEN} 401; a session id outside {@code [A-Za-z0-9_-]{1,128}} 404; a deployment this pod does
 * not host 404; not a WebSocket upgrade 400 (all JSON {@code {"error","message"}}). Then it installs the WebSocket
 * handlers after {@link PipelineNames#ROUTE} (no permessage-deflate, frames up to 64 KiB, fragments aggregated) and
 * {@link SessionLinkHandler}, and passes the request on to the handshake.
 */
public final class SessionSocketEndpoint implements HttpEndpoint {

    /** Largest WebSocket frame (and aggregated message) a gateway may send. */
    public static final int MAX_FRAME_BYTES = 64 * 1024;
    static final String WS_PROTOCOL = "session-ws-protocol";
    static final String WS_AGGREGATOR = "session-ws-aggregator";
    static final String SESSION_LINK = "session-link";
    private static final String PREFIX = "/sessions/";
    private static final String SUFFIX = "/ws";
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private final ServiceToken serviceToken;
    private final DeploymentStore deployments;
    private final SessionRegistry sessions;
    private final RuntimeMetrics metrics;

    public SessionSocketEndpoint(ServiceToken serviceToken, DeploymentStore deployments, SessionRegistry sessions,
                                 RuntimeMetrics metrics) {
        this.serviceToken = serviceToken;
        this.deployments = deployments;
        this.sessions = sessions;
        this.metrics = metrics;
    }

    @Override
    public boolean matches(String path) {
        return path.startsWith(PREFIX) && path.endsWith(SUFFIX) && path.length() > PREFIX.length() + SUFFIX.length() - 1;
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        if (!HttpMethod.GET.equals(request.method())) {
            var response = JsonResponses.error(ctx.alloc(), HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                    request.method() + " is not allowed here; use GET with a WebSocket upgrade");
            response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.GET.name());
            ctx.writeAndFlush(response);
            return;
        }
        if (!serviceToken.accepts(request.headers().get(InternalApi.SERVICE_TOKEN_HEADER))) {
            refuse(ctx, HttpResponseStatus.UNAUTHORIZED, "unauthorized", "missing or wrong " + InternalApi.SERVICE_TOKEN_HEADER);
            return;
        }
        String sessionId = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
        if (!SESSION_ID.matcher(sessionId).matches()) {
            refuse(ctx, HttpResponseStatus.NOT_FOUND, "session_not_found", "session ids are 1-128 letters, digits, '_' or '-'");
            return;
        }
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        Optional<DeploymentSpec> spec = first(query, "deployment").flatMap(deployments::get);
        if (spec.isEmpty()) {
            refuse(ctx, HttpResponseStatus.NOT_FOUND, "deployment_not_found", "this pod does not host the deployment");
            return;
        }
        if (!request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, "upgrade_required", "the session socket needs a WebSocket upgrade");
            return;
        }
        boolean takeover = first(query, "takeover").map("1"::equals).orElse(false);
        install(ctx.pipeline(), query.rawPath(), new SessionRequest(sessionId, spec.get(), takeover));
        ctx.fireChannelRead(request.retain());
    }

    private void install(ChannelPipeline pipeline, String rawPath, SessionRequest request) {
        var config = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(rawPath)
                .checkStartsWith(true)
                .handleCloseFrames(true)
                .sendCloseFrame(null)
                .dropPongFrames(true)
                .handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS)
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(MAX_FRAME_BYTES)
                        .allowExtensions(false)
                        .build())
                .build();
        pipeline.addAfter(PipelineNames.ROUTE, WS_PROTOCOL, new WebSocketServerProtocolHandler(config));
        pipeline.addAfter(WS_PROTOCOL, WS_AGGREGATOR, new WebSocketFrameAggregator(MAX_FRAME_BYTES));
        pipeline.addAfter(WS_AGGREGATOR, SESSION_LINK, new SessionLinkHandler(request, sessions, metrics));
    }

    private static Optional<String> first(QueryStringDecoder query, String name) {
        List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    private static void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String code, String message) {
        ctx.writeAndFlush(JsonResponses.error(ctx.alloc(), status, code, message));
    }
}
