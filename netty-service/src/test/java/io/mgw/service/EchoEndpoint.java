package io.mgw.service;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;

/** A process-specific endpoint as the runtime's internal API will be: answers {@code {"path":...}} under a prefix. */
final class EchoEndpoint implements HttpEndpoint {

    private final String prefix;

    EchoEndpoint(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public boolean matches(String path) {
        return path.startsWith(prefix);
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        ctx.writeAndFlush(JsonResponses.json(ctx.alloc(), HttpResponseStatus.OK, Map.of("path", path)));
    }
}
