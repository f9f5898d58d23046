package io.mgw.runtime.session;

import com.fasterxml.jackson.core.JacksonException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.mgw.adapters.contract.ControlMessage;
import io.mgw.adapters.contract.RedisKeys;
import io.mgw.adapters.frame.FrameJson;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod's side of the sessions' control channels ({@link RedisKeys#control}): one Pub/Sub connection per pod,
 * subscribed to the channel of every session it holds. Messages are parsed into {@link ControlMessage}s and handed
 * to the dispatcher on a Lettuce thread (the dispatcher hops to the session's executor). Never blocks: the
 * connection opens asynchronously and Lettuce resubscribes after a reconnect. Thread-safe.
 */
public final class ControlChannel implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControlChannel.class);
    private static final String PREFIX = RedisKeys.control("");

    private final CompletableFuture<StatefulRedisPubSubConnection<String, String>> connection;

    /** @param dispatcher receives (session id, message) for every well-formed message */
    public ControlChannel(RedisClient redis, URI redisUrl, BiConsumer<String, ControlMessage> dispatcher) {
        this.connection = redis.connectPubSubAsync(StringCodec.UTF8, RedisURI.create(redisUrl)).toCompletableFuture();
        connection.thenAccept(c -> c.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                dispatch(channel, message, dispatcher);
            }
        }));
        connection.exceptionally(error -> {
            log.warn("control channel: cannot connect to Redis ({}); sessions will not receive end/inject", error.toString());
            return null;
        });
    }

    /** Subscribes to a session's channel; completes once Redis confirmed. */
    public CompletableFuture<Void> subscribe(String sessionId) {
        return connection.thenCompose(c -> c.async().subscribe(RedisKeys.control(sessionId)).toCompletableFuture());
    }

    /** Unsubscribes from a session's channel. */
    public CompletableFuture<Void> unsubscribe(String sessionId) {
        return connection.thenCompose(c -> c.async().unsubscribe(RedisKeys.control(sessionId)).toCompletableFuture());
    }

    private static void dispatch(String channel, String message, BiConsumer<String, ControlMessage> dispatcher) {
        if (!channel.startsWith(PREFIX)) {
            return;
        }
        try {
            ControlMessage parsed = FrameJson.mapper().readValue(message, ControlMessage.class);
            if (parsed.type() != null) {
                dispatcher.accept(channel.substring(PREFIX.length()), parsed);
            }
        } catch (JacksonException e) {
            log.debug("control channel {}: unreadable message dropped", channel);
        }
    }

    @Override
    public void close() {
        try {
            StatefulRedisPubSubConnection<String, String> c = connection.getNow(null);
            if (c != null) {
                c.closeAsync().get(2, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            log.debug("control channel close: {}", e.toString());
        }
    }
}
