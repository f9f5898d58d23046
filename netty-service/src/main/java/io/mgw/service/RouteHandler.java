package io.mgw.service;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps a request's path to its endpoint: {@code GET /health} and {@code GET /metrics} are answered here, then the
 * process's own {@link HttpEndpoint}s are asked in order; anything else is a JSON 404. A malformed request is a
 * JSON 400, another method than GET on the two built-in paths a JSON 405 with {@code Allow: GET}. Responses go out
 * in request order: reading pauses while the health answer is pending.
 */
@Sharable
public final class RouteHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(RouteHandler.class);

    private final Supplier<CompletableFuture<HealthReport>> health;
    private final ServiceMetrics metrics;
    private final List<HttpEndpoint> endpoints;

    /**
     * @param health    the health probe ({@link HealthCheck#check}); should never complete exceptionally
     * @param metrics   what {@code GET /metrics} scrapes
     * @param endpoints the process's own endpoints, asked in order for paths other than the built-in ones
     */
    public RouteHandler(Supplier<CompletableFuture<HealthReport>> health, ServiceMetrics metrics, List<HttpEndpoint> endpoints) {
        this.health = health;
        this.metrics = metrics;
        this.endpoints = List.copyOf(endpoints);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws Exception {
        if (request.decoderResult().isFailure()) {
            respond(ctx, JsonResponses.error(ctx.alloc(), HttpResponseStatus.BAD_REQUEST, "bad_request", "malformed HTTP request"));
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        switch (path) {
            case "/health" -> {
                if (isGet(ctx, request)) {
                    health(ctx);
                }
            }
            case "/metrics" -> {
                if (isGet(ctx, request)) {
                    respond(ctx, metrics(ctx));
                }
            }
            default -> endpoint(ctx, request, path);
        }
    }

    private void endpoint(ChannelHandlerContext ctx, FullHttpRequest request, String path) throws Exception {
        for (HttpEndpoint endpoint : endpoints) {
            if (endpoint.matches(path)) {
                endpoint.handle(ctx, request, path);
                return;
            }
        }
        respond(ctx, JsonResponses.error(ctx.alloc(), HttpResponseStatus.NOT_FOUND, "not_found", "no endpoint at " + path));
    }

    private boolean isGet(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (HttpMethod.GET.equals(request.method())) {
            return true;
        }
        FullHttpResponse response = JsonResponses.error(ctx.alloc(), HttpResponseStatus.METHOD_NOT_ALLOWED,
                "method_not_allowed", request.method() + " is not allowed here; use GET");
        response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.GET.name());
        respond(ctx, response);
        return false;
    }

    private void health(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(false);
        health.get().whenComplete((report, error) -> ctx.executor().execute(() -> {
            HealthReport result = error == null ? report : HealthReport.of(Map.of("health", false));
            FullHttpResponse response = JsonResponses.json(ctx.alloc(),
                    result.up() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, result);
            response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
            respond(ctx, response);
            ctx.channel().config().setAutoRead(true);
        }));
    }

    private FullHttpResponse metrics(ChannelHandlerContext ctx) throws IOException {
        ByteBuf body = ctx.alloc().buffer();
        try (var out = new ByteBufOutputStream(body)) {
            metrics.scrape(out);
        } catch (IOException | RuntimeException e) {
            body.release();
            throw e;
        }
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, ServiceMetrics.CONTENT_TYPE)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return response;
    }

    /** Writes the response; {@code HttpServerKeepAliveHandler} decides whether the connection stays open. */
    private static void respond(ChannelHandlerContext ctx, FullHttpResponse response) {
        ctx.writeAndFlush(response);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("HTTP request on {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(JsonResponses.error(ctx.alloc(), HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "internal_error", "the request could not be served")).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }
}
