package io.mgw.runtime.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the workflow-runtime (a pod) reads from its environment, validated by {@link RuntimeConfigLoader}
 * and passed by constructor from there on. Immutable; the service token is redacted from {@code toString()}.
 */
public record RuntimeConfig(Server server, Redis redis, Pod pod, InternalApi internalApi, Sessions sessions, Batch batch,
                            Hosting hosting, Nodes nodes) {

    public RuntimeConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(internalApi, "internalApi");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(nodes, "nodes");
    }

    /**
     * The listening socket.
     *
     * @param bindHost  address to bind ({@code MGW_BIND_HOST})
     * @param port      port to bind, 0 for an ephemeral one ({@code MGW_RUNTIME_PORT})
     * @param ioThreads event-loop threads; one per core at most ({@code MGW_IO_THREADS})
     */
    public record Server(String bindHost, int port, int ioThreads) {
    }

    /** The Redis holding the pod registry and the event stream ({@code REDIS_URL}). */
    public record Redis(URI url) {
    }

    /**
     * This pod as gateways see it in the registry.
     *
     * @param id           the pod's id in {@code mgw:pod:<id>} ({@code MGW_POD_ID})
     * @param capacity     sessions this pod runs at once; beyond it new sessions close with 1013 ({@code MGW_POD_CAPACITY})
     * @param advertiseUrl the session WebSocket base gateways dial; empty means {@code ws://127.0.0.1:<bound port>}
     *                     ({@code MGW_POD_ADVERTISE_URL})
     */
    public record Pod(String id, int capacity, Optional<URI> advertiseUrl) {
    }

    /** The token callers of the internal API must present ({@code MGW_SERVICE_TOKEN}). */
    public record InternalApi(String serviceToken) {
        @Override
        public String toString() {
            return "InternalApi[serviceToken=***]";
        }
    }

    /**
     * Streaming sessions.
     *
     * @param grace         how long a session outlives its gateway connection, waiting for a resume ({@code MGW_SESSION_GRACE})
     * @param metricsWindow the length of a session's metrics window ({@code MGW_METRICS_WINDOW}, default 10 s)
     * @param eventsStream  the Redis Stream events go to ({@code MGW_EVENTS_STREAM}, default {@code mgw:events})
     */
    public record Sessions(Duration grace, Duration metricsWindow, String eventsStream) {
    }

    /**
     * A deployment this pod hosts from the start (Kubernetes: the driver mounts the spec and names it), or none.
     *
     * @param deploymentSpecFile {@code MGW_DEPLOYMENT_SPEC_FILE}: a DeploymentSpec JSON file
     * @param deploymentId       {@code MGW_DEPLOYMENT_ID}: the deployment that file describes
     */
    public record Hosting(Optional<java.nio.file.Path> deploymentSpecFile, Optional<String> deploymentId) {

        public static Hosting none() {
            return new Hosting(Optional.empty(), Optional.empty());
        }
    }

    /**
     * Batch runs.
     *
     * @param dataSources          the customer databases {@code postgres-query} and {@code mysql-source} nodes may name ({@code MGW_DATASOURCES},
     *                             {@code name=jdbcUrl;...}); URLs carry credentials and are redacted from {@code toString()}
     * @param maxRunsPerDeployment batch runs of one deployment (or one draft workflow) at once; more are refused
     *                             with 429 ({@code MGW_MAX_RUNS_PER_DEPLOYMENT})
     */
    public record Batch(io.mgw.runtime.batch.DataSources dataSources, int maxRunsPerDeployment) {
    }

    /**
     * What streaming nodes read from the pod.
     *
     * @param assetsDir the directory {@code play} assets are read from ({@code MGW_ASSETS_DIR})
     * @param secrets   the {@code MGW_NODE_SECRET_*} values nodes may name
     */
    public record Nodes(java.nio.file.Path assetsDir, NodeSecrets secrets) {
    }
}
