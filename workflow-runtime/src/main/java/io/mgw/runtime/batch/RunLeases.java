package io.mgw.runtime.batch;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.mgw.adapters.contract.RedisKeys;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leases of this pod's batch runs ({@link RedisKeys#run}): the pod id with a {@link RedisKeys#RUN_TTL_SECONDS}
 * TTL from the moment a run is accepted, refreshed every {@link RedisKeys#POD_HEARTBEAT_SECONDS}, and
 * {@link RedisKeys#RUN_DONE} for {@link RedisKeys#RUN_DONE_TTL_SECONDS} once it ended. When the pod dies its leases
 * expire, and the control plane marks the runs lost (or redelivers their queue messages). All writes happen in order
 * on one lease thread (never an event loop); a Redis outage is logged once and healed by the next refresh.
 */
public final class RunLeases implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunLeases.class);

    private final RedisClient redis;
    private final RedisURI uri;
    private final String podId;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mgw-runtime-run-leases");
        t.setDaemon(true);
        return t;
    });
    // Confined to the lease thread.
    private StatefulRedisConnection<String, String> connection;
    private boolean outage;

    public RunLeases(RedisClient redis, URI redisUrl, String podId) {
        this.redis = redis;
        this.uri = RedisURI.create(redisUrl);
        this.uri.setTimeout(Duration.ofSeconds(2));
        this.podId = podId;
        thread.scheduleWithFixedDelay(this::refresh, RedisKeys.POD_HEARTBEAT_SECONDS, RedisKeys.POD_HEARTBEAT_SECONDS,
                TimeUnit.SECONDS);
    }

    /** A run was accepted: its lease starts. */
    public void started(String executionId) {
        running.add(executionId);
        submit(() -> write(executionId, podId, RedisKeys.RUN_TTL_SECONDS));
    }

    /** A run ended (its terminal event is out): its lease says so. */
    public void finished(String executionId) {
        running.remove(executionId);
        submit(() -> write(executionId, RedisKeys.RUN_DONE, RedisKeys.RUN_DONE_TTL_SECONDS));
    }

    private void refresh() {
        running.forEach(id -> write(id, podId, RedisKeys.RUN_TTL_SECONDS));
    }

    private void write(String executionId, String value, int ttlSeconds) {
        try {
            if (connection == null || !connection.isOpen()) {
                connection = redis.connect(StringCodec.UTF8, uri);
            }
            connection.sync().set(RedisKeys.run(executionId), value, SetArgs.Builder.ex(ttlSeconds));
            if (outage) {
                outage = false;
                log.info("run leases: Redis takes writes again");
            }
        } catch (RuntimeException e) {
            if (!outage) {
                outage = true;
                log.warn("run leases: cannot write to Redis ({}); retrying with the next refresh", e.toString());
            }
        }
    }

    private void submit(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            // closing: the leases expire on their own
        }
    }

    /** Stops refreshing; leases of runs still in progress expire (the runs are interrupted by the engine's close). */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (connection != null) {
            connection.close();
        }
    }
}
