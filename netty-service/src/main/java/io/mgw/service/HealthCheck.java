package io.mgw.service;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes the process's dependencies without blocking: Redis must answer PING within the deadline. Holds one
 * lazily (re)opened Redis connection of its own; completes on a Lettuce or timer thread, so callers hop back
 * to their event loop before touching a channel.
 */
public final class HealthCheck implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HealthCheck.class);

    private final RedisClient redis;
    private final RedisURI redisUri;
    private final Duration timeout;
    private CompletableFuture<StatefulRedisConnection<String, String>> connection;

    public HealthCheck(RedisClient redis, RedisURI redisUri, Duration timeout) {
        this.redis = redis;
        this.redisUri = redisUri;
        this.timeout = timeout;
    }

    /** Starts connecting to Redis so the first probe is quick; a failure here only logs. */
    public void warmUp() {
        connection().whenComplete((ignored, error) -> {
            if (error != null) {
                log.warn("Redis at {}:{} not reachable yet: {}", redisUri.getHost(), redisUri.getPort(), error.getMessage());
            }
        });
    }

    /** The report; never completes exceptionally. */
    public CompletableFuture<HealthReport> check() {
        return connection()
                .thenCompose(c -> c.async().ping().toCompletableFuture())
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((pong, error) -> HealthReport.of(Map.of("redis", error == null && "PONG".equals(pong))));
    }

    /** The connection, reopened when the previous attempt failed; an open one reconnects by itself (Lettuce). */
    private synchronized CompletableFuture<StatefulRedisConnection<String, String>> connection() {
        if (connection == null || connection.isCompletedExceptionally()) {
            connection = redis.connectAsync(StringCodec.UTF8, redisUri).toCompletableFuture();
        }
        return connection;
    }

    /** Closes the probe's connection; one still opening is closed by {@link RedisClient#shutdown()}. */
    @Override
    public synchronized void close() {
        if (connection != null && connection.isDone() && !connection.isCompletedExceptionally()) {
            connection.join().close();
        }
        connection = null;
    }
}
