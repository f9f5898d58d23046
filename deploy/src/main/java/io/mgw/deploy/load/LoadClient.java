package io.mgw.deploy.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The load tool's WebSocket client: Netty on its own event loops (epoll when available), so one core drives
 * thousands of 50-frames-per-second sockets and the numbers measure the system, not the client.
 */
final class LoadClient implements AutoCloseable {

    private static final int MAX_FRAME_BYTES = 1024 * 1024;

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;

    LoadClient(int threads) {
        boolean epoll = Epoll.isAvailable();
        group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("mgw-load-io"),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        bootstrap = new Bootstrap().group(group).channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
    }

    /** Opens one call's WebSocket; completes when it is open (or fails with why it is not). */
    CompletableFuture<LoadCall> open(URI uri, Map<String, String> headers, Framing framing, LoadStats stats,
                                     int jsonEvery, String callId, String account) {
        HttpHeaders extra = new DefaultHttpHeaders();
        headers.forEach(extra::set);
        var handshaker = WebSocketClientHandshakerFactory.newHandshaker(uri, WebSocketVersion.V13, null, false, extra,
                MAX_FRAME_BYTES);
        LoadCall call = new LoadCall(handshaker, framing, stats, jsonEvery, callId, account);
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024), call);
            }
        }).connect(uri.getHost(), port).addListener(f -> {
            if (!f.isSuccess()) {
                call.connected.completeExceptionally(f.cause());
            }
        });
        return call.connected;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
