package io.mgw.runtime.server;

import io.mgw.adapters.contract.events.EventFactory;
import io.mgw.runtime.batch.BatchEngine;
import io.mgw.runtime.batch.ExecutionsEndpoint;
import io.mgw.runtime.batch.RunLeases;
import io.mgw.runtime.batch.TriggerEndpoint;
import io.mgw.runtime.config.RuntimeConfig;
import io.mgw.runtime.engine.NodeFactory;
import io.mgw.runtime.engine.NodeServices;
import io.mgw.runtime.http.NodeHttp;
import io.mgw.runtime.events.EventPublisher;
import io.mgw.runtime.session.SessionRegistry;
import io.mgw.runtime.session.SessionServices;
import io.mgw.runtime.session.SessionSocketEndpoint;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflow-runtime's listening server: the shared {@link NettyServer} (event loops, Redis, {@code /health},
 * {@code /metrics}) with the pod's configuration and meters, the internal deployment API
 * ({@link DeploymentsEndpoint}), the pod's Redis registration ({@link PodRegistry}) and the session socket for
 * gateways ({@link SessionSocketEndpoint}, sessions in {@link SessionRegistry}, events through
 * {@link EventPublisher}), and batch runs ({@link BatchEngine} behind {@code POST /internal/executions} and the trigger
 * endpoints). {@link #close} drains live sessions (1012), deregisters the pod, stops accepting, closes
 * open connections, shuts the event loops down gracefully and closes the Redis client.
 */
public final class RuntimeServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RuntimeServer.class);

    /** Deployment specs are workflow graphs: the shared 8 KiB cap would refuse realistic ones. */
    static final int MAX_REQUEST_BYTES = 1024 * 1024;

    private final RuntimeConfig config;
    private final NettyServer server;
    private final RuntimeMetrics metrics;
    private final PodRegistry registry;
    private final SessionRegistry sessions;
    private final EventPublisher events;
    private final BatchEngine batch;
    private final NodeHttp http;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RuntimeServer(RuntimeConfig config, NettyServer server, RuntimeMetrics metrics, PodRegistry registry,
                          SessionRegistry sessions, EventPublisher events, BatchEngine batch, NodeHttp http) {
        this.config = config;
        this.server = server;
        this.metrics = metrics;
        this.registry = registry;
        this.sessions = sessions;
        this.events = events;
        this.batch = batch;
        this.http = http;
    }

    /** How long a drain waits for the sessions' 1012 close frames to go out. */
    static final long DRAIN_TIMEOUT_MILLIS = 2_000;

    /**
     * Starts a runtime, binds its port and registers the pod in Redis (an unreachable Redis is logged and retried
     * by the heartbeat, never fatal).
     *
     * @throws IllegalStateException when the port cannot be bound; everything started so far is released
     */
    /**
     * In Kubernetes the driver mounts the deployment's spec and names it; the pod hosts it before it registers, so
     * it is in the Redis registry from its first heartbeat. A spec that does not read is a start failure.
     */
    private static void hostMountedDeployment(RuntimeConfig.Hosting hosting, DeploymentStore store) {
        if (hosting.deploymentSpecFile().isEmpty()) {
            return;
        }
        java.nio.file.Path file = hosting.deploymentSpecFile().get();
        try {
            byte[] json = java.nio.file.Files.readAllBytes(file);
            store.put(io.mgw.runtime.deployment.DeploymentSpecReader.read(hosting.deploymentId().orElseThrow(),
                    io.netty.buffer.Unpooled.wrappedBuffer(json)));
            log.info("hosting deployment {} from {}", hosting.deploymentId().get(), file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the deployment spec " + file, e);
        } catch (io.mgw.runtime.deployment.InvalidDeploymentSpecException e) {
            throw new IllegalStateException("the deployment spec " + file + " is invalid: " + e.getMessage(), e);
        }
    }

    public static RuntimeServer start(RuntimeConfig config) {
        var settings = new ServiceSettings("workflow-runtime", "runtime", config.server().bindHost(), config.server().port(),
                config.server().ioThreads(), config.redis().url(), MAX_REQUEST_BYTES);
        var serviceMetrics = new ServiceMetrics(RuntimeMetrics.PREFIX);
        var metrics = new RuntimeMetrics(serviceMetrics);
        metrics.capacity(config.pod().capacity());
        var store = new DeploymentStore();
        hostMountedDeployment(config.hosting(), store);
        metrics.hostedDeployments(store::size);
        var registry = new AtomicReference<PodRegistry>();
        var events = new AtomicReference<EventPublisher>();
        var sessions = new AtomicReference<SessionRegistry>();
        var batch = new AtomicReference<BatchEngine>();
        var http = new NodeHttp();
        var nodes = new NodeFactory(new NodeServices(http, config.nodes().assetsDir(), config.nodes().secrets()));
        NettyServer server;
        try {
            server = NettyServer.start(settings, serviceMetrics, redis -> {
                registry.set(new PodRegistry(redis, config.redis().url(), config.pod().id(), config.pod().capacity(),
                        store::ids, metrics));
                events.set(new EventPublisher(redis, config.redis().url(), config.sessions().eventsStream(), metrics));
                var services = new SessionServices(metrics, events.get(), EventFactory.systemUtc(), nodes,
                        config.sessions().grace(), config.sessions().metricsWindow());
                sessions.set(new SessionRegistry(config.pod().capacity(), services, registry.get(), redis,
                        config.redis().url()));
                var token = new ServiceToken(config.internalApi().serviceToken());
                batch.set(new BatchEngine(events.get(), EventFactory.systemUtc(), config.batch().dataSources(), http,
                        config.batch().maxRunsPerDeployment(), new RunLeases(redis, config.redis().url(), config.pod().id())));
                return List.of(new DeploymentsEndpoint(token, store, registry.get()),
                        new SessionSocketEndpoint(token, store, sessions.get(), metrics),
                        new ExecutionsEndpoint(token, batch.get()), new TriggerEndpoint(token, store, batch.get()));
            });
        } catch (RuntimeException e) {
            if (batch.get() != null) {
                batch.get().close();
            }
            if (sessions.get() != null) {
                sessions.get().close();
            }
            if (events.get() != null) {
                events.get().close();
            }
            if (registry.get() != null) {
                registry.get().close();
            }
            http.close();
            throw e;
        }
        var runtime = new RuntimeServer(config, server, metrics, registry.get(), sessions.get(), events.get(), batch.get(),
                http);
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

    /** The batch engine running this pod's executions and triggers. */
    public BatchEngine batch() {
        return batch;
    }

    /** The sessions this pod holds. */
    public SessionRegistry sessions() {
        return sessions;
    }

    /**
     * Drains the live sessions (their links close with 1012), removes the pod from the registry (while the Redis
     * client is still open), then stops accepting, closes open connections, shuts the event loops down and closes
     * Redis. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            sessions.drain(DRAIN_TIMEOUT_MILLIS);
            sessions.close();
            batch.close();
            http.close();
            events.close();
            registry.close();
        } finally {
            server.close();
        }
    }
}
