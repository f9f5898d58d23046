package io.mgw.service;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;

/**
 * Orders the handlers of an accepted connection; holds no logic of its own (STYLE B3). Endpoints add their own
 * handlers after {@link PipelineNames#ROUTE} when they take a connection over.
 */
final class ServiceChannelInitializer extends ChannelInitializer<SocketChannel> {

    /** Requests before an upgrade are bodiless GETs; this only bounds what a client may send. */
    static final int MAX_REQUEST_BYTES = 8 * 1024;

    private final ChannelGroup openChannels;
    private final RouteHandler routeHandler;

    ServiceChannelInitializer(ChannelGroup openChannels, RouteHandler routeHandler) {
        this.openChannels = openChannels;
        this.routeHandler = routeHandler;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        openChannels.add(channel);
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast(PipelineNames.HTTP_CODEC, new HttpServerCodec());
        pipeline.addLast(PipelineNames.HTTP_KEEP_ALIVE, new HttpServerKeepAliveHandler());
        pipeline.addLast(PipelineNames.HTTP_AGGREGATOR, new HttpObjectAggregator(MAX_REQUEST_BYTES));
        pipeline.addLast(PipelineNames.ROUTE, routeHandler);
    }
}
