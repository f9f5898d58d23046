package io.mgw.gateway.agentstream;

import io.mgw.gateway.close.CloseOnErrorHandler;
import io.mgw.gateway.close.ConnectionStats;
import io.mgw.service.HttpEndpoint;
import io.mgw.service.JsonResponses;
import io.mgw.service.PipelineNames;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/agent-stream/{agent_uuid}?provider=...} and {@code GET /api/v1/agent-stream/{provider}/{agent_uuid}}
 * (the path's provider wins). The upgrade always completes first (providers only understand close codes); every
 * refusal after it is a close frame sent by {@link CloseOnErrorHandler}. The raw URL is never logged: it authorizes
 * the call. The pipeline tail, in order: {@link ProviderFrameCodec}, {@link ProviderHandshakeHandler} (until the call
 * is admitted), {@link AgentRelayHandler}, {@link CloseOnErrorHandler}.
 */
public final class AgentStreamEndpoint implements HttpEndpoint {

    public static final String PATH_PREFIX = "/api/v1/agent-stream/";
    public static final String ENDPOINT = "agent-stream";
    static final String CODEC = "provider-codec";
    static final String HANDSHAKE = "provider-handshake";
    static final String RELAY = "agent-relay";
    static final String CLOSE_HANDLER = "close-on-error";

    private final AgentStreamServices svc;
    private final CallAdmitter admitter;
    private final CallEvents events;
    private final WebSocketDecoderConfig decoderConfig;

    public AgentStreamEndpoint(AgentStreamServices svc) {
        this.svc = svc;
        this.admitter = new CallAdmitter(svc.controlPlane());
        this.events = new CallEvents(svc.redis(), svc.config().redis().eventsStream(), svc.events());
        this.decoderConfig = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(svc.config().sessionSocket().maxFrameBytes())
                .allowExtensions(false)
                .expectMaskedFrames(true)
                .closeOnProtocolViolation(false)
                .build();
    }

    @Override
    public boolean matches(String path) {
        if (!path.startsWith(PATH_PREFIX)) {
            return false;
        }
        String rest = path.substring(PATH_PREFIX.length());
        int slashes = (int) rest.chars().filter(c -> c == '/').count();
        return !rest.isEmpty() && slashes <= 1 && !rest.startsWith("/") && !rest.endsWith("/");
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        String rest = path.substring(PATH_PREFIX.length());
        // A literal '+' stays a '+' (RFC 3986): dialers write E.164 numbers unescaped, as the API document's own
        // example does (from=+15555550100); form decoding would turn it into a space.
        QueryStringDecoder decoder = QueryStringDecoder.builder().htmlQueryDecoding(false).build(request.uri());
        Map<String, String> query = new HashMap<>();
        for (Map.Entry<String, List<String>> e : decoder.parameters().entrySet()) {
            if (!e.getValue().isEmpty()) {
                query.put(e.getKey(), e.getValue().get(0));
            }
        }
        String provider;
        String agentUuid;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            provider = rest.substring(0, slash);
            agentUuid = rest.substring(slash + 1);
        } else {
            provider = query.get("provider");
            agentUuid = rest;
        }
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                "ws://gateway" + PATH_PREFIX, null, decoderConfig).newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        var stats = new ConnectionStats("-");
        var call = new AgentCall(ctx.channel(), provider, agentUuid, query, stats, svc.metrics());
        svc.calls().add(call);
        var handshake = new ProviderHandshakeHandler(svc, admitter, call);
        ChannelPipeline pipeline = ctx.pipeline();
        if (pipeline.get(PipelineNames.HTTP_KEEP_ALIVE) != null) {
            pipeline.remove(PipelineNames.HTTP_KEEP_ALIVE);
        }
        // The whole tail goes in now; the handshake handler removes itself once the call is admitted.
        pipeline.addAfter(PipelineNames.ROUTE, CODEC, new ProviderFrameCodec(call));
        pipeline.addAfter(CODEC, HANDSHAKE, handshake);
        pipeline.addAfter(HANDSHAKE, RELAY, new AgentRelayHandler(svc, events, call));
        pipeline.addAfter(RELAY, CLOSE_HANDLER, new CloseOnErrorHandler(svc.metrics(), ENDPOINT));
        try {
            ctx.channel().attr(ConnectionStats.KEY).set(stats);
            handshaker.handshake(ctx.channel(), request).addListener(f -> {
                if (f.isSuccess()) {
                    pipeline.remove(PipelineNames.ROUTE);
                    handshake.upgraded();
                } else {
                    ctx.close();
                }
            });
        } catch (WebSocketHandshakeException e) {
            for (String name : new String[] {CODEC, HANDSHAKE, RELAY, CLOSE_HANDLER}) {
                pipeline.remove(name);
            }
            ctx.writeAndFlush(JsonResponses.error(ctx.alloc(), HttpResponseStatus.BAD_REQUEST, "bad_request",
                    "not a WebSocket upgrade request"));
        }
    }
}
