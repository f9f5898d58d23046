package io.mgw.runtime.server;

import io.mgw.runtime.config.RuntimeConfig;
import io.mgw.runtime.metrics.RuntimeMetrics;
import io.mgw.service.NettyServer;
import io.mgw.service.ServiceMetrics;
import io.mgw.service.ServiceSettings;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflow-runtime's listening server: the shared {@link NettyServer} (event loops, Redis, {@code /health},
 * {@code /metrics}) with the pod's configuration and meters. The session socket and the internal API join as
 * {@code HttpEndpoint}s in later stages. {@link #close} stops accepting, closes open connections, shuts the event
 * loops down gracefully and closes the Redis client.
 */
public final class RuntimeServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RuntimeServer.class);

    private final RuntimeConfig config;
    private final NettyServer server;
    private final RuntimeMetrics metrics;

    private RuntimeServer(RuntimeConfig config, NettyServer server, RuntimeMetrics metrics) {
        this.config = config;
        this.server = server;
        this.metrics = metrics;
    }

    /**
     * Starts a runtime and binds its port.
     *
     * @throws IllegalStateException when the port cannot be bound; everything started so far is released
     */
    public static RuntimeServer start(RuntimeConfig config) {
        var settings = new ServiceSettings("workflow-runtime", "runtime", config.server().bindHost(), config.server().port(),
                config.server().ioThreads(), config.redis().url());
        var serviceMetrics = new ServiceMetrics(RuntimeMetrics.PREFIX);
        var metrics = new RuntimeMetrics(serviceMetrics);
        metrics.capacity(config.pod().capacity());
        var runtime = new RuntimeServer(config, NettyServer.start(settings, serviceMetrics, redis -> List.of()), metrics);
        log.info("workflow-runtime pod {} runs up to {} sessions, advertised at {}", config.pod().id(), config.pod().capacity(),
                runtime.advertiseUrl());
        return runtime;
    }

    /** The bound port (the ephemeral one chosen when the configuration asked for port 0). */
    public int port() {
        return server.port();
    }

    /** The session WebSocket base gateways dial (registered in {@code mgw:pod:<id>}): the configured one, or {@code ws://127.0.0.1:<bound port>}. */
    public URI advertiseUrl() {
        return config.pod().advertiseUrl().orElseGet(() -> URI.create("ws://127.0.0.1:" + port()));
    }

    /** The configuration this server runs with. */
    public RuntimeConfig config() {
        return config;
    }

    /** The runtime's own meters (exposed by {@code GET /metrics} with the JVM and process ones). */
    public RuntimeMetrics metrics() {
        return metrics;
    }

    /** Stops accepting, closes open connections, shuts the event loops down and closes Redis. Idempotent. */
    @Override
    public void close() {
        server.close();
    }
}
