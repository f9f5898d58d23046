package io.mgw.runtime.server;

import io.mgw.runtime.config.RuntimeConfig;
import io.mgw.runtime.deployment.DeploymentStore;
import io.mgw.runtime.internal.DeploymentsEndpoint;
import io.mgw.runtime.internal.ServiceToken;
import io.mgw.runtime.metrics.RuntimeMetrics;
import io.mgw.runtime.registry.PodRegistry;
import io.mgw.service.NettyServer;
import io.mgw.service.ServiceMetrics;
import io.mgw.service.ServiceSettings;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflow-runtime's listening server: the shared {@link NettyServer} (event loops, Redis, {@code /health},
 * {@code /metrics}) with the pod's configuration and meters, the internal deployment API
 * ({@link DeploymentsEndpoint}) and the pod's Redis registration ({@link PodRegistry}). The session socket joins as
 * an {@code HttpEndpoint} in a later stage. {@link #close} deregisters the pod, stops accepting, closes open
 * connections, shuts the event loops down gracefully and closes the Redis client.
 */
public final class RuntimeServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RuntimeServer.class);

    /** Deployment specs are workflow graphs: the shared 8 KiB cap would refuse realistic ones. */
    static final int MAX_REQUEST_BYTES = 1024 * 1024;

    private final RuntimeConfig config;
    private final NettyServer server;
    private final RuntimeMetrics metrics;
    private final PodRegistry registry;

    private RuntimeServer(RuntimeConfig config, NettyServer server, RuntimeMetrics metrics, PodRegistry registry) {
        this.config = config;
        this.server = server;
        this.metrics = metrics;
        this.registry = registry;
    }

    /**
     * Starts a runtime, binds its port and registers the pod in Redis (an unreachable Redis is logged and retried
     * by the heartbeat, never fatal).
     *
     * @throws IllegalStateException when the port cannot be bound; everything started so far is released
     */
    public static RuntimeServer start(RuntimeConfig config) {
        var settings = new ServiceSettings("workflow-runtime", "runtime", config.server().bindHost(), config.server().port(),
                config.server().ioThreads(), config.redis().url(), MAX_REQUEST_BYTES);
        var serviceMetrics = new ServiceMetrics(RuntimeMetrics.PREFIX);
        var metrics = new RuntimeMetrics(serviceMetrics);
        metrics.capacity(config.pod().capacity());
        var store = new DeploymentStore();
        metrics.hostedDeployments(store::size);
        var registry = new AtomicReference<PodRegistry>();
        NettyServer server;
        try {
            server = NettyServer.start(settings, serviceMetrics, redis -> {
                registry.set(new PodRegistry(redis, config.redis().url(), config.pod().id(), config.pod().capacity(),
                        store::ids, metrics));
                return List.of(new DeploymentsEndpoint(new ServiceToken(config.internalApi().serviceToken()), store,
                        registry.get()));
            });
        } catch (RuntimeException e) {
            if (registry.get() != null) {
                registry.get().close();
            }
            throw e;
        }
        var runtime = new RuntimeServer(config, server, metrics, registry.get());
        try {
            runtime.registry.start(runtime.advertiseUrl());
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
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

    /** This pod's entry in the Redis pod registry (the session code reports live sessions through it). */
    public PodRegistry registry() {
        return registry;
    }

    /**
     * Removes the pod from the registry (while the Redis client is still open), then stops accepting, closes open
     * connections, shuts the event loops down and closes Redis. Idempotent.
     */
    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            server.close();
        }
    }
}
