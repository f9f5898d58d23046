package io.mgw.gateway.server;

import io.mgw.gateway.config.GatewayConfig;
import io.mgw.gateway.metrics.GatewayMetrics;
import io.mgw.service.NettyServer;
import io.mgw.service.ServiceMetrics;
import io.mgw.service.ServiceSettings;
import java.net.URI;
import java.util.List;

/**
 * The media-gateway's listening server: the shared {@link NettyServer} (event loops, Redis, {@code /health},
 * {@code /metrics}) with the gateway's configuration and meters. The WebSocket endpoints join as
 * {@code HttpEndpoint}s in later stages. {@link #close} stops accepting, closes open connections, shuts the event
 * loops down gracefully and closes the Redis client.
 */
public final class GatewayServer implements AutoCloseable {

    private final GatewayConfig config;
    private final NettyServer server;
    private final GatewayMetrics metrics;

    private GatewayServer(GatewayConfig config, NettyServer server, GatewayMetrics metrics) {
        this.config = config;
        this.server = server;
        this.metrics = metrics;
    }

    /**
     * Starts a gateway and binds its port.
     *
     * @throws IllegalStateException when the port cannot be bound; everything started so far is released
     */
    public static GatewayServer start(GatewayConfig config) {
        var settings = new ServiceSettings("media-gateway", "gateway", config.server().bindHost(), config.server().port(),
                config.server().ioThreads(), config.redis().url());
        var serviceMetrics = new ServiceMetrics(GatewayMetrics.PREFIX);
        var metrics = new GatewayMetrics(serviceMetrics);
        return new GatewayServer(config, NettyServer.start(settings, serviceMetrics, redis -> List.of()), metrics);
    }

    /** The bound port (the ephemeral one chosen when the configuration asked for port 0). */
    public int port() {
        return server.port();
    }

    /** The public WebSocket base: the configured one, or {@code ws://127.0.0.1:<bound port>}. */
    public URI publicWsBase() {
        return config.server().publicWsBase().orElseGet(() -> URI.create("ws://127.0.0.1:" + port()));
    }

    /** The configuration this server runs with. */
    public GatewayConfig config() {
        return config;
    }

    /** The gateway's own meters (exposed by {@code GET /metrics} with the JVM and process ones). */
    public GatewayMetrics metrics() {
        return metrics;
    }

    /** Stops accepting, closes open connections, shuts the event loops down and closes Redis. Idempotent. */
    @Override
    public void close() {
        server.close();
    }
}
