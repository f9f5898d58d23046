package io.mgw.runtime.registry;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.mgw.adapters.contract.RedisKeys;
import io.mgw.runtime.metrics.RuntimeMetrics;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This pod's entry in the Redis pod registry (DESIGN, Redis layout; sole writer of its keys): the hash
 * {@code mgw:pod:<podId>} ({@code url}, {@code deployments}, {@code capacity}, {@code active}) with a TTL of
 * {@link RedisKeys#POD_TTL_SECONDS}, and its member in {@code mgw:pods:<deploymentId>} for every hosted deployment,
 * scored by heartbeat time (epoch millis).
 *
 * <p>Every write is a whole registration (hash, TTL, every score, pending removals), so a heartbeat after an outage
 * or a Redis restart re-registers the pod without special cases. Threading: all commands are issued from one
 * registry thread on one connection, so Redis applies them in the order the pod's state changed; the thread may
 * block on (re)connecting, never an event loop. Futures complete on Lettuce threads. A Redis outage never escapes:
 * writes fail, the failure is logged once per outage, and the next heartbeat tries again.
 */
public final class PodRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PodRegistry.class);
    /** Per-command limit: well under the heartbeat period, so one slow heartbeat never overlaps the next. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);

    private final RedisClient redis;
    private final RedisURI redisUri;
    private final String podId;
    private final String podKey;
    private final int capacity;
    private final Supplier<List<String>> hostedDeployments;
    private final RuntimeMetrics metrics;
    private final Duration heartbeatPeriod;
    private final ScheduledExecutorService thread;
    private final AtomicInteger activeSessions = new AtomicInteger();
    private final AtomicBoolean activeWriteQueued = new AtomicBoolean();
    private final AtomicBoolean heartbeatInFlight = new AtomicBoolean();
    private final AtomicBoolean outage = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();

    // Confined to the registry thread.
    private StatefulRedisConnection<String, String> connection;
    private URI advertiseUrl;
    private boolean closed;
    /** Deployments dropped whose ZREM Redis has not acknowledged yet, with the generation of the drop. */
    private final Map<String, Long> pendingRemovals = new HashMap<>();
    private long removalGeneration;

    /**
     * A registry that writes nothing until {@link #start}.
     *
     * @param redis             the process's Redis client (commands rejected while disconnected)
     * @param redisUrl          the Redis to register in
     * @param podId             this pod's id
     * @param capacity          sessions this pod runs at once
     * @param hostedDeployments the ids of the hosted deployments, read at every write
     */
    public PodRegistry(RedisClient redis, URI redisUrl, String podId, int capacity,
                       Supplier<List<String>> hostedDeployments, RuntimeMetrics metrics) {
        this(redis, redisUrl, podId, capacity, hostedDeployments, metrics, Duration.ofSeconds(RedisKeys.POD_HEARTBEAT_SECONDS));
    }

    PodRegistry(RedisClient redis, URI redisUrl, String podId, int capacity, Supplier<List<String>> hostedDeployments,
                RuntimeMetrics metrics, Duration heartbeatPeriod) {
        this.redis = redis;
        this.redisUri = RedisURI.create(redisUrl);
        this.redisUri.setTimeout(COMMAND_TIMEOUT);
        this.podId = podId;
        this.podKey = RedisKeys.pod(podId);
        this.capacity = capacity;
        this.hostedDeployments = hostedDeployments;
        this.metrics = metrics;
        this.heartbeatPeriod = heartbeatPeriod;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "mgw-runtime-registry");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Registers the pod (waiting up to a few seconds for Redis; an unreachable Redis is logged, not thrown) and
     * starts the heartbeat. Call once, after the server is bound, from a thread that may block.
     *
     * @param advertiseUrl the pod's session WebSocket base, the {@code url} field
     */
    public void start(URI advertiseUrl) {
        CompletableFuture<Void> first = onRegistryThread(() -> {
            this.advertiseUrl = advertiseUrl;
            return write();
        });
        await(first, "first registration");
        thread.scheduleWithFixedDelay(this::heartbeat, heartbeatPeriod.toMillis(), heartbeatPeriod.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Publishes a newly hosted (or redefined) deployment: its set gains this pod, the {@code deployments} field
     * lists it. Completes when Redis acknowledged, exceptionally when it did not (the heartbeat retries).
     */
    public CompletableFuture<Void> deploymentAdded(String deploymentId) {
        return onRegistryThread(() -> {
            pendingRemovals.remove(deploymentId);
            return write();
        });
    }

    /**
     * Publishes a dropped deployment: ZREM from its set and the {@code deployments} field rewritten. The removal is
     * retried with every heartbeat until Redis acknowledges it.
     */
    public CompletableFuture<Void> deploymentRemoved(String deploymentId) {
        return onRegistryThread(() -> {
            pendingRemovals.put(deploymentId, ++removalGeneration);
            return write();
        });
    }

    /**
     * Sets the {@code active} field (live sessions), for the session code to call as sessions start and end.
     * Writes are coalesced: calls in quick succession cost one write of the latest value.
     */
    public void activeSessions(int active) {
        activeSessions.set(active);
        if (activeWriteQueued.compareAndSet(false, true)) {
            onRegistryThread(() -> {
                activeWriteQueued.set(false);
                return write();
            });
        }
    }

    /** The live sessions last reported through {@link #activeSessions}. */
    public int activeSessions() {
        return activeSessions.get();
    }

    /** This pod's id in the registry. */
    public String podId() {
        return podId;
    }

    /**
     * Removes the pod from Redis (the hash and its member in every set) within a few seconds, then stops the
     * heartbeat and closes the registry's connection; must run before the Redis client shuts down. When Redis
     * cannot be reached the entries expire by themselves ({@link RedisKeys#POD_TTL_SECONDS}). Idempotent.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        try {
            await(onRegistryThread(this::deregister), "deregistration");
        } finally {
            try {
                thread.submit(this::closeConnection).get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
                log.debug("registry connection close: {}", e.toString());
            }
            thread.shutdownNow();
        }
    }

    private void heartbeat() {
        if (closed) {
            return;
        }
        // A heartbeat still waiting on Redis (at most COMMAND_TIMEOUT) is not joined by another: no pile-up.
        if (!heartbeatInFlight.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<Void> beat;
        try {
            beat = write();
        } catch (RuntimeException e) {
            beat = CompletableFuture.failedFuture(e);
        }
        beat.whenComplete((ignored, error) -> {
            heartbeatInFlight.set(false);
            if (error != null) {
                metrics.registryHeartbeatFailed();
            }
        });
    }

    /** One whole registration. Registry thread only. */
    private CompletableFuture<Void> write() {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("pod registry is closed"));
        }
        if (advertiseUrl == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("pod registry is not started"));
        }
        RedisAsyncCommands<String, String> commands;
        try {
            commands = connection().async();
        } catch (RuntimeException e) {
            return track(CompletableFuture.failedFuture(e));
        }
        List<String> hosted = hostedDeployments.get();
        // A deployment re-added since it was dropped is hosted again: nothing to remove.
        pendingRemovals.keySet().removeAll(hosted);
        Map<String, Long> removals = Map.copyOf(pendingRemovals);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(RedisKeys.POD_URL, advertiseUrl.toString());
        fields.put(RedisKeys.POD_DEPLOYMENTS, String.join(",", hosted));
        fields.put(RedisKeys.POD_CAPACITY, Integer.toString(capacity));
        fields.put(RedisKeys.POD_ACTIVE, Integer.toString(activeSessions.get()));
        long now = System.currentTimeMillis();

        List<RedisFuture<?>> replies = new ArrayList<>();
        try {
            replies.add(commands.hset(podKey, fields));
            replies.add(commands.expire(podKey, RedisKeys.POD_TTL_SECONDS));
            for (String deploymentId : hosted) {
                replies.add(commands.zadd(RedisKeys.podsOf(deploymentId), (double) now, podId));
            }
            for (String deploymentId : removals.keySet()) {
                replies.add(commands.zrem(RedisKeys.podsOf(deploymentId), podId));
            }
        } catch (RuntimeException e) {
            return track(CompletableFuture.failedFuture(e));
        }

        CompletableFuture<Void> acknowledged = allOf(replies);
        if (!removals.isEmpty()) {
            acknowledged = acknowledged.thenRun(() -> execute(() ->
                    removals.forEach(pendingRemovals::remove)));
        }
        return track(acknowledged);
    }

    /** Deletes the hash and this pod's member of every set it may be in. Registry thread only. */
    private CompletableFuture<Void> deregister() {
        closed = true;
        if (connection == null || advertiseUrl == null) {
            return CompletableFuture.completedFuture(null);
        }
        RedisAsyncCommands<String, String> commands = connection.async();
        List<RedisFuture<?>> replies = new ArrayList<>();
        try {
            replies.add(commands.del(podKey));
            for (String deploymentId : hostedDeployments.get()) {
                replies.add(commands.zrem(RedisKeys.podsOf(deploymentId), podId));
            }
            for (String deploymentId : pendingRemovals.keySet()) {
                replies.add(commands.zrem(RedisKeys.podsOf(deploymentId), podId));
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return allOf(replies);
    }

    /**
     * The registry's connection, opened on first use (blocking up to the client's connect timeout, on this thread);
     * once open, Lettuce reconnects it by itself after an outage.
     */
    private StatefulRedisConnection<String, String> connection() {
        if (connection == null) {
            connection = redis.connect(StringCodec.UTF8, redisUri);
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    /** Logs the first failure of an outage and the first success after it; counts nothing (callers do). */
    private CompletableFuture<Void> track(CompletableFuture<Void> write) {
        return write.whenComplete((ignored, error) -> {
            if (error != null && outage.compareAndSet(false, true)) {
                log.warn("pod registry: cannot write {} to Redis at {}:{} ({}); serving on, retrying every {} ms",
                        podKey, redisUri.getHost(), redisUri.getPort(), rootMessage(error), heartbeatPeriod.toMillis());
            } else if (error == null && outage.compareAndSet(true, false)) {
                log.info("pod registry: Redis reachable again; pod {} re-registered", podId);
            }
        });
    }

    private CompletableFuture<Void> onRegistryThread(Supplier<CompletableFuture<Void>> task) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        boolean queued = execute(() -> {
            try {
                task.get().whenComplete((ignored, error) -> {
                    if (error == null) {
                        result.complete(null);
                    } else {
                        result.completeExceptionally(error);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        if (!queued) {
            result.completeExceptionally(new IllegalStateException("pod registry is closed"));
        }
        return result;
    }

    private boolean execute(Runnable task) {
        try {
            thread.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void await(CompletableFuture<Void> write, String what) {
        try {
            write.get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // an outage was already logged by track(); only the shutdown path says what is left behind
            if (closing.get()) {
                log.warn("pod registry: {} of {} did not complete ({}); the entry expires within {} s",
                        what, podKey, rootMessage(e), RedisKeys.POD_TTL_SECONDS);
            }
        }
    }

    private static CompletableFuture<Void> allOf(List<RedisFuture<?>> replies) {
        return CompletableFuture.allOf(replies.stream()
                .map(RedisFuture::toCompletableFuture)
                .toArray(CompletableFuture[]::new));
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
