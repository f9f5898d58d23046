package io.mgw.runtime.events;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.mgw.adapters.contract.events.EventJson;
import io.mgw.adapters.contract.events.MgwEvent;
import io.mgw.runtime.metrics.RuntimeMetrics;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends the pod's events to the events stream ({@code XADD <stream> * e <json>}, DESIGN's {@code mgw:events}) on
 * one shared Lettuce connection. Never blocks: the connection is opened asynchronously (again after a failure, on
 * the next publish), and a publish that Redis does not take is logged once per outage and counted, never thrown.
 * Thread-safe.
 */
public final class EventPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

    private final RedisClient redis;
    private final RedisURI uri;
    private final String stream;
    private final RuntimeMetrics metrics;
    private final AtomicReference<CompletableFuture<StatefulRedisConnection<String, String>>> connection = new AtomicReference<>();
    private final AtomicBoolean outage = new AtomicBoolean();
    private volatile boolean closed;

    public EventPublisher(RedisClient redis, URI redisUrl, String stream, RuntimeMetrics metrics) {
        this.redis = redis;
        this.uri = RedisURI.create(redisUrl);
        this.stream = stream;
        this.metrics = metrics;
        connection();
    }

    /** Appends {@code event}; completes with the entry id, or exceptionally (already logged and counted). */
    public CompletableFuture<String> publish(MgwEvent event) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("event publisher closed"));
        }
        var entry = EventJson.toStreamEntry(event);
        CompletableFuture<String> added = connection()
                .thenCompose(c -> c.async().xadd(stream, entry).toCompletableFuture());
        return added.whenComplete((id, error) -> {
            if (error != null) {
                metrics.eventFailed();
                if (outage.compareAndSet(false, true)) {
                    log.warn("events: cannot append {} to {} ({}); dropping events until Redis answers", event.type(), stream,
                            error.toString());
                }
            } else if (outage.compareAndSet(true, false)) {
                log.info("events: Redis takes events again");
            }
        });
    }

    /** The stream events go to. */
    public String stream() {
        return stream;
    }

    private CompletableFuture<StatefulRedisConnection<String, String>> connection() {
        while (true) {
            CompletableFuture<StatefulRedisConnection<String, String>> current = connection.get();
            if (current != null && !current.isCompletedExceptionally()) {
                return current;
            }
            CompletableFuture<StatefulRedisConnection<String, String>> next = new CompletableFuture<>();
            if (connection.compareAndSet(current, next)) {
                redis.connectAsync(StringCodec.UTF8, uri).toCompletableFuture().whenComplete((c, error) -> {
                    if (error != null) {
                        next.completeExceptionally(error);
                    } else {
                        next.complete(c);
                    }
                });
                return next;
            }
        }
    }

    /** Closes the connection once pending appends had a moment to complete. */
    @Override
    public void close() {
        closed = true;
        CompletableFuture<StatefulRedisConnection<String, String>> current = connection.get();
        if (current != null) {
            try {
                StatefulRedisConnection<String, String> c = current.getNow(null);
                if (c != null) {
                    c.closeAsync().get(2, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                log.debug("events connection close: {}", e.toString());
            }
        }
    }
}
