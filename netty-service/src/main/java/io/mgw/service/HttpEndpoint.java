package io.mgw.service;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;

/**
 * A process-specific HTTP endpoint behind {@link RouteHandler}: the gateway's WebSocket paths, the runtime's
 * internal API. {@code RouteHandler} answers {@code /health} and {@code /metrics} itself, then offers the request
 * to each endpoint in order; the first whose {@link #matches} is true owns it, and when none does the answer is a
 * JSON 404.
 */
public interface HttpEndpoint {

    /** Whether this endpoint serves {@code path} (the request path without query string). */
    boolean matches(String path);

    /**
     * Serves one request, on the channel's event loop (never block here). Either write a response ({@link JsonResponses}
     * for errors, so the JSON shape stays the one shape), or install this endpoint's handlers after
     * {@link PipelineNames#ROUTE} and pass the request on with {@code ctx.fireChannelRead(request.retain())}, as a
     * WebSocket upgrade does. {@code request} is released when this method returns unless retained.
     */
    void handle(ChannelHandlerContext ctx, FullHttpRequest request, String path) throws Exception;
}
