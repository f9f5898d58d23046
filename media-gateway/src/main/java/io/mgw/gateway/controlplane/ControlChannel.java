package io.mgw.gateway.controlplane;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.mgw.adapters.contract.ControlMessage;
import io.mgw.adapters.contract.RedisKeys;
import io.mgw.adapters.frame.FrameJson;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's subscriptions to session control channels ({@link RedisKeys#control}): one Pub/Sub connection per
 * gateway, one channel per session held here. An {@code end} message calls {@code onEnd} with the session id (on a
 * Lettuce thread; the receiver hops to its event loop). {@code inject} and {@code reassign} are the pod's business.
 */
public final class ControlChannel {

    private static final Logger log = LoggerFactory.getLogger(ControlChannel.class);
    private static final String CHANNEL_PREFIX = RedisKeys.control("");

    private final StatefulRedisPubSubConnection<String, String> connection;

    public ControlChannel(StatefulRedisPubSubConnection<String, String> connection, Consumer<String> onEnd) {
        this.connection = connection;
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                if (!channel.startsWith(CHANNEL_PREFIX)) {
                    return;
                }
                try {
                    ControlMessage control = FrameJson.mapper().readValue(message, ControlMessage.class);
                    if (ControlMessage.END.equals(control.type())) {
                        onEnd.accept(channel.substring(CHANNEL_PREFIX.length()));
                    }
                } catch (IOException | RuntimeException e) {
                    log.warn("unreadable control message on {}", channel);
                }
            }
        });
    }

    public CompletableFuture<Void> subscribe(String sessionId) {
        return connection.async().subscribe(RedisKeys.control(sessionId)).toCompletableFuture();
    }

    public void unsubscribe(String sessionId) {
        connection.async().unsubscribe(RedisKeys.control(sessionId));
    }
}
