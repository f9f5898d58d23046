package io.mgw.gateway.testing;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.mgw.adapters.contract.events.EventJson;
import io.mgw.adapters.contract.events.EventReadResult;
import io.mgw.adapters.contract.events.MgwEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads what the processes published about one session on an events stream (the test Redis is shared: newest first). */
public final class EventsReader {

    private EventsReader() {
    }

    /** The session's events of {@code type}, oldest first, among the stream's newest 2000 entries. */
    public static <T extends MgwEvent> List<T> of(RedisClient redis, String stream, String sessionId, Class<T> type) {
        try (StatefulRedisConnection<String, String> c = redis.connect()) {
            List<StreamMessage<String, String>> newest = c.sync().xrevrange(stream, Range.create("-", "+"),
                    Limit.from(2000));
            List<T> out = new ArrayList<>();
            for (int i = newest.size() - 1; i >= 0; i--) {
                if (EventJson.fromStreamEntry(newest.get(i).getBody()) instanceof EventReadResult.Ok ok
                        && type.isInstance(ok.event()) && sessionId.equals(ok.event().sessionId())) {
                    out.add(type.cast(ok.event()));
                }
            }
            return out;
        }
    }

    /** Waits until the session has at least {@code count} events of {@code type}; returns them. */
    public static <T extends MgwEvent> List<T> await(RedisClient redis, String stream, String sessionId, Class<T> type,
                                                     int count, Duration within) throws InterruptedException {
        Await.until(within, () -> of(redis, stream, sessionId, type).size() >= count, count + " " + type.getSimpleName()
                + " for " + sessionId);
        return of(redis, stream, sessionId, type);
    }
}
