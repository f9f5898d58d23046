package io.mgw.service;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;

/**
 * Orders the handlers of an accepted connection; holds no logic of its own (STYLE B3). Endpoints add their own
 * handlers after {@link PipelineNames#ROUTE} when they take a connection over.
 */
final class ServiceChannelInitializer extends ChannelInitializer<SocketChannel> {

    private final ChannelGroup openChannels;
    private final RouteHandler routeHandler;
    private final int maxRequestBytes;

    /** @param maxRequestBytes bounds what a client may send in one request ({@link ServiceSettings#maxRequestBytes()}) */
    ServiceChannelInitializer(ChannelGroup openChannels, RouteHandler routeHandler, int maxRequestBytes) {
        this.openChannels = openChannels;
        this.routeHandler = routeHandler;
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        openChannels.add(channel);
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast(PipelineNames.HTTP_CODEC, new HttpServerCodec());
        pipeline.addLast(PipelineNames.HTTP_KEEP_ALIVE, new HttpServerKeepAliveHandler());
        pipeline.addLast(PipelineNames.HTTP_AGGREGATOR, new JsonHttpObjectAggregator(maxRequestBytes));
        pipeline.addLast(PipelineNames.ROUTE, routeHandler);
    }
}
