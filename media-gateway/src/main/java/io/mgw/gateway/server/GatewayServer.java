package io.mgw.gateway.server;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.mgw.gateway.config.GatewayConfig;
import io.mgw.gateway.http.HealthCheck;
import io.mgw.gateway.http.RouteHandler;
import io.mgw.gateway.metrics.GatewayMetrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media-gateway's listening server and everything it owns: event loops, the Redis client and the meters.
 * {@link #start} binds and returns once the port is open; {@link #close} stops accepting, closes open
 * connections, shuts the event loops down gracefully and closes the Redis client.
 */
public final class GatewayServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration REDIS_CONNECT_TIMEOUT = Duration.ofSeconds(1);

    private final GatewayConfig config;
    private final Transport transport;
    private final EventLoopGroup eventLoops;
    private final ChannelGroup openChannels;
    private final ClientResources redisResources;
    private final RedisClient redis;
    private final HealthCheck healthCheck;
    private final GatewayMetrics metrics;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Channel serverChannel;

    private GatewayServer(GatewayConfig config) {
        this.config = config;
        this.transport = Transport.best();
        this.eventLoops = new MultiThreadIoEventLoopGroup(config.server().ioThreads(),
                new DefaultThreadFactory("mgw-gateway-io"), transport.ioHandlerFactory());
        this.openChannels = new DefaultChannelGroup("mgw-gateway-clients", GlobalEventExecutor.INSTANCE);
        // Lettuce's minimum; its default (one per core) would crowd the event loops on bigger machines.
        this.redisResources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
        this.redis = RedisClient.create(redisResources);
        // Reject rather than queue while disconnected: health turns DOWN at once and writers can degrade.
        redis.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(REDIS_CONNECT_TIMEOUT).build())
                .build());
        this.healthCheck = new HealthCheck(redis, RedisURI.create(config.redis().url()), HEALTH_TIMEOUT);
        this.metrics = new GatewayMetrics();
        metrics.trackOpenConnections(openChannels);
    }

    /**
     * Starts a gateway and binds its port.
     *
     * @throws IllegalStateException when the port cannot be bound; everything started so far is released
     */
    public static GatewayServer start(GatewayConfig config) {
        GatewayServer server = new GatewayServer(config);
        try {
            server.bind();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void bind() {
        var bootstrap = new ServerBootstrap()
                .group(eventLoops)
                .channel(transport.serverChannelType())
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new GatewayChannelInitializer(openChannels, new RouteHandler(healthCheck, metrics)));
        String host = config.server().bindHost();
        int port = config.server().port();
        try {
            serverChannel = bootstrap.bind(host, port).sync().channel();
        } catch (Exception e) {
            throw new IllegalStateException("media-gateway cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        healthCheck.warmUp();
        URI redisUrl = config.redis().url();
        log.info("media-gateway listening on {}:{} ({}, {} io thread(s)); Redis at {}:{}", host, port(), transport.name(),
                config.server().ioThreads(), redisUrl.getHost(), redisUrl.getPort() < 0 ? 6379 : redisUrl.getPort());
    }

    /** The bound port (the ephemeral one chosen when the configuration asked for port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The public WebSocket base: the configured one, or {@code ws://127.0.0.1:<bound port>}. */
    public URI publicWsBase() {
        return config.server().publicWsBase().orElseGet(() -> URI.create("ws://127.0.0.1:" + port()));
    }

    /** The configuration this server runs with. */
    public GatewayConfig config() {
        return config;
    }

    /** The server's meters (also what {@code GET /metrics} exposes). */
    public GatewayMetrics metrics() {
        return metrics;
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
        eventLoops.shutdownGracefully(100, 5_000, TimeUnit.MILLISECONDS).syncUninterruptibly();
        healthCheck.close();
        redis.shutdown(100, 2_000, TimeUnit.MILLISECONDS);
        redisResources.shutdown(100, 2_000, TimeUnit.MILLISECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        metrics.close();
        log.info("media-gateway stopped");
    }
}
