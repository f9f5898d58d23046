package io.mgw.service;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening server of a plain-Netty process and everything it owns: one event-loop group on the best
 * transport (epoll, else NIO), the open connections, a Redis client and the meters. {@link #start} binds and
 * returns once the port is open; {@link #close} stops accepting, closes open connections, shuts the event loops
 * down gracefully and closes the Redis client. A process composes it (its {@code ...Server} class) and adds its
 * own {@link HttpEndpoint}s.
 */
public final class NettyServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NettyServer.class);
    /**
     * Receive buffers of at least 2 KiB: Netty's default lets the guess shrink below one 20 ms audio frame (646 bytes
     * of PCM16 16 kHz with its header), and a read that fills its buffer costs another read; sized like this a frame
     * arrives in one read.
     */
    public static final RecvByteBufAllocator RECEIVE_BUFFERS = new AdaptiveRecvByteBufAllocator(2048, 4096, 64 * 1024);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration REDIS_CONNECT_TIMEOUT = Duration.ofSeconds(1);

    private final ServiceSettings settings;
    private final ServiceMetrics metrics;
    private final Transport transport;
    private final EventLoopGroup eventLoops;
    private final ChannelGroup openChannels;
    private final ClientResources redisResources;
    private final RedisClient redis;
    private final HealthCheck healthCheck;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Channel serverChannel;

    private NettyServer(ServiceSettings settings, ServiceMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.transport = Transport.best(settings.wakeupCoalescing());
        this.eventLoops = new MultiThreadIoEventLoopGroup(settings.ioThreads(),
                new DefaultThreadFactory("mgw-" + settings.id() + "-io"), transport.ioHandlerFactory());
        this.openChannels = new DefaultChannelGroup("mgw-" + settings.id() + "-clients", GlobalEventExecutor.INSTANCE);
        var resources = DefaultClientResources.builder().computationThreadPoolSize(2);
        if (settings.redisOnEventLoops()) {
            resources.eventLoopGroupProvider(new SharedEventLoopGroupProvider(eventLoops, transport.lettuceGroupType(),
                    settings.ioThreads()));
        } else {
            // Lettuce's minimum; its default (one per core) would crowd the event loops on bigger machines.
            resources.ioThreadPoolSize(2);
        }
        this.redisResources = resources.build();
        this.redis = RedisClient.create(redisResources);
        // Reject rather than queue while disconnected: health turns DOWN at once and writers can degrade.
        redis.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(REDIS_CONNECT_TIMEOUT).build())
                .build());
        this.healthCheck = new HealthCheck(redis, RedisURI.create(settings.redisUrl()), HEALTH_TIMEOUT);
        metrics.trackOpenConnections(openChannels);
    }

    /**
     * Starts a server and binds its port.
     *
     * @param metrics   the process's meters; the server owns them from here on and closes them with itself
     * @param endpoints builds the process's own endpoints, once, from the server's Redis client (for instance
     *                  {@code redis -> List.of()} while a process has none)
     * @throws IllegalStateException when the port cannot be bound; everything started so far is released
     */
    public static NettyServer start(ServiceSettings settings, ServiceMetrics metrics,
                                    Function<RedisClient, List<HttpEndpoint>> endpoints) {
        NettyServer server;
        try {
            server = new NettyServer(settings, metrics);
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
        try {
            server.bind(new RouteHandler(server.healthCheck::check, metrics, endpoints.apply(server.redis)));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void bind(RouteHandler routeHandler) {
        var bootstrap = new ServerBootstrap()
                .group(eventLoops)
                .channel(transport.serverChannelType())
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, RECEIVE_BUFFERS)
                .childHandler(new ServiceChannelInitializer(openChannels, routeHandler, settings.maxRequestBytes()));
        String host = settings.bindHost();
        int port = settings.port();
        try {
            serverChannel = bootstrap.bind(host, port).sync().channel();
        } catch (Exception e) {
            throw new IllegalStateException(settings.name() + " cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        healthCheck.warmUp();
        URI redisUrl = settings.redisUrl();
        log.info("{} listening on {}:{} ({}, {} io thread(s)); Redis at {}:{}", settings.name(), host, port(), transport.name(),
                settings.ioThreads(), redisUrl.getHost(), redisUrl.getPort() < 0 ? 6379 : redisUrl.getPort());
    }

    /** The bound port (the ephemeral one chosen when the settings asked for port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The server's Redis client (commands are rejected, not queued, while disconnected). */
    public RedisClient redis() {
        return redis;
    }

    /** The server's meters (also what {@code GET /metrics} exposes). */
    public ServiceMetrics metrics() {
        return metrics;
    }

    /** Stops accepting new connections; open ones go on (a process drains them, then calls {@link #close}). */
    public void stopAccepting() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
    }

    /** Stops accepting, closes open connections, shuts the event loops down and closes Redis. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        openChannels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        // Redis first: its connections may live on the event loops.
        healthCheck.close();
        redis.shutdown(100, 2_000, TimeUnit.MILLISECONDS);
        redisResources.shutdown(100, 2_000, TimeUnit.MILLISECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        eventLoops.shutdownGracefully(100, 5_000, TimeUnit.MILLISECONDS).syncUninterruptibly();
        metrics.close();
        log.info("{} stopped", settings.name());
    }
}
