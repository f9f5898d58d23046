package io.mgw.controlplane.events;

import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.mgw.adapters.contract.RedisKeys;
import io.mgw.adapters.contract.events.EventJson;
import io.mgw.adapters.contract.events.MgwEvent;
import io.mgw.embedded.TestServices;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Plays the pods and gateways of a test: appends events to the test's own stream exactly as producers do
 * ({@code XADD} with {@link EventJson#toStreamEntry}), and inspects the consumer group.
 */
final class FakePodPublisher implements AutoCloseable {

    private final RedisClient client = RedisClient.create(TestServices.redisUrl());
    private final StatefulRedisConnection<String, String> connection = client.connect();
    private final String stream;

    FakePodPublisher(String stream) {
        this.stream = stream;
    }

    /** A stream key of its own for one test class. */
    static String uniqueStream() {
        return RedisKeys.EVENTS + ":test:" + UUID.randomUUID();
    }

    RedisCommands<String, String> redis() {
        return connection.sync();
    }

    /** Appends one event; returns the entry id. */
    String publish(MgwEvent event) {
        return redis().xadd(stream, EventJson.toStreamEntry(event));
    }

    /** Appends an entry with arbitrary fields (malformed input). */
    String publishRaw(Map<String, String> fields) {
        return redis().xadd(stream, fields);
    }

    /** Entries delivered to the group but not acknowledged. */
    long pending() {
        return redis().xpending(stream, RedisKeys.EVENTS_GROUP).getCount();
    }

    /** Delivers up to {@code count} new entries to {@code consumer} without acknowledging them (a consumer that dies). */
    List<StreamMessage<String, String>> deliverTo(String consumer, int count) {
        return redis().xreadgroup(io.lettuce.core.Consumer.from(RedisKeys.EVENTS_GROUP, consumer),
                XReadArgs.Builder.count(count), XReadArgs.StreamOffset.lastConsumed(stream));
    }

    @Override
    public void close() {
        try {
            redis().del(stream);
        } finally {
            connection.close();
            client.shutdown();
        }
    }
}
