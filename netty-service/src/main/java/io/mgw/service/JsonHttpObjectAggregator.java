package io.mgw.service;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;

/**
 * {@link HttpObjectAggregator} whose 413 answers are the one JSON error shape ({@link JsonResponses}) instead of
 * Netty's empty body. Keeps Netty's connection handling: a keep-alive request whose body has not been read yet gets
 * its answer and the connection stays open (the aggregator discards the rest of the body); otherwise the
 * connection closes after the answer.
 */
final class JsonHttpObjectAggregator extends HttpObjectAggregator {

    static final String TOO_LARGE_CODE = "payload_too_large";

    JsonHttpObjectAggregator(int maxContentLength) {
        super(maxContentLength);
    }

    /** {@code Expect: 100-continue} with a declared length over the limit: Netty answers 413 before the body. */
    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (response instanceof HttpResponse http && http.status().code() == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code()) {
            ReferenceCountUtil.release(response);
            return tooLarge(pipeline.channel().alloc(), maxContentLength);
        }
        return response;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (!(oversized instanceof HttpRequest)) {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        FullHttpResponse response = tooLarge(ctx.alloc(), maxContentLength());
        // Netty's rule: the body may still be skipped when it has not started arriving and the client keeps the
        // connection; if part of it was read, or the client will not keep the connection, close after answering.
        boolean keepOpen = !(oversized instanceof FullHttpMessage) && ctx.channel().config().isAutoRead()
                && (HttpUtil.is100ContinueExpected(oversized) || HttpUtil.isKeepAlive(oversized));
        if (keepOpen) {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        } else {
            HttpUtil.setKeepAlive(response, false);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static FullHttpResponse tooLarge(ByteBufAllocator alloc, int maxContentLength) {
        return JsonResponses.error(alloc, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, TOO_LARGE_CODE,
                "the request body is larger than " + maxContentLength + " bytes");
    }
}
