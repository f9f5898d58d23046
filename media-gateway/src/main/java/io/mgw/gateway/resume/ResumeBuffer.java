package io.mgw.gateway.resume;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.mgw.adapters.contract.RedisKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A session's resume buffer and routing hash in Redis (DESIGN "Redis layout"): the Stream
 * {@link RedisKeys#sessionFrames} (entry id {@code <seq>-1}, field {@value #FIELD} = the frame's bytes, MAXLEN ~)
 * and the hash {@link RedisKeys#session} ({@code pod}, {@code gateway}, {@code epoch}, {@code last_seq},
 * {@code degraded}). Async only (Lettuce); futures complete on Lettuce threads, so callers hop to their event loop.
 * The frame bytes passed to {@link #append} are copied by the caller; this class never sees a ByteBuf.
 */
public final class ResumeBuffer {

    /** The one field of a buffered frame entry. */
    public static final String FIELD = "f";
    private static final String EXPIRE_IF_HELD_BY = "if redis.call('HGET', KEYS[1], '" + RedisKeys.SESSION_GATEWAY
            + "') == ARGV[1] then redis.call('EXPIRE', KEYS[1], ARGV[2]) redis.call('EXPIRE', KEYS[2], ARGV[2])"
            + " return 1 end return 0";

    private final StatefulRedisConnection<String, byte[]> connection;
    private final RedisAsyncCommands<String, byte[]> redis;
    private final int maxLen;
    private final long expirySeconds;
    private final AtomicBoolean flushQueued = new AtomicBoolean();

    /** Takes {@code connection} over: it must serve nobody else (its auto-flush is switched off). */
    public ResumeBuffer(StatefulRedisConnection<String, byte[]> connection, int maxLen, Duration expiry) {
        this.connection = connection;
        connection.setAutoFlushCommands(false);
        this.redis = connection.async();
        this.maxLen = maxLen;
        this.expirySeconds = Math.max(1, expiry.toSeconds());
    }

    /**
     * Queues the append of a frame as entry {@code <seq>-1} and the {@code last_seq} update; an already-present seq
     * counts as done. Nothing is sent until {@link #flushAtEndOfTick}.
     */
    public CompletableFuture<Void> append(String sessionId, long seq, byte[] frame) {
        var add = redis.xadd(RedisKeys.sessionFrames(sessionId),
                new XAddArgs().id(seq + "-1").maxlen(maxLen).approximateTrimming(), Map.of(FIELD, frame));
        redis.hset(RedisKeys.session(sessionId), RedisKeys.SESSION_LAST_SEQ, bytes(Long.toString(seq)));
        return add.toCompletableFuture().handle((id, error) -> {
            if (error != null && !duplicate(error)) {
                throw error instanceof CompletionException c ? c : new CompletionException(error);
            }
            return null;
        });
    }

    /**
     * Sends the queued commands once the current task of {@code loop} is done (the caller's event loop): one flush
     * for all the appends of a tick, whichever sessions made them.
     */
    public void flushAtEndOfTick(Executor loop) {
        if (flushQueued.compareAndSet(false, true)) {
            loop.execute(() -> {
                flushQueued.set(false);
                connection.flushCommands();
            });
        }
    }

    private <T> T flushed(T command) {
        connection.flushCommands();
        return command;
    }

    private static boolean duplicate(Throwable error) {
        Throwable cause = error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error;
        return cause instanceof RedisCommandExecutionException && String.valueOf(cause.getMessage()).contains("equal or smaller");
    }

    /** Marks the buffer degraded: a frame was forwarded before Redis acknowledged it. */
    public void markDegraded(String sessionId) {
        flushed(redis.hset(RedisKeys.session(sessionId), RedisKeys.SESSION_DEGRADED, bytes("1")));
    }

    /** Records which pod and gateway hold the session; creates the buffer's epoch when there is none. */
    public CompletableFuture<Void> assign(String sessionId, String podId, String gatewayId) {
        String key = RedisKeys.session(sessionId);
        redis.hsetnx(key, RedisKeys.SESSION_EPOCH, bytes(UUID.randomUUID().toString().substring(0, 8)));
        redis.persist(key);
        redis.persist(RedisKeys.sessionFrames(sessionId));
        return flushed(redis.hset(key, Map.of(RedisKeys.SESSION_POD, bytes(podId), RedisKeys.SESSION_GATEWAY, bytes(gatewayId))))
                .toCompletableFuture().thenApply(n -> null);
    }

    /** The session hash as strings (empty when it does not exist). */
    public CompletableFuture<Map<String, String>> state(String sessionId) {
        return flushed(redis.hgetall(RedisKeys.session(sessionId))).toCompletableFuture().thenApply(raw -> {
            Map<String, String> out = new HashMap<>();
            raw.forEach((k, v) -> out.put(k, new String(v, StandardCharsets.UTF_8)));
            return out;
        });
    }

    /** The seq of the oldest buffered frame, or {@link SeqScanner#NONE} when the buffer is empty or gone. */
    public CompletableFuture<Long> firstSeq(String sessionId) {
        return flushed(redis.xrange(RedisKeys.sessionFrames(sessionId), Range.unbounded(), Limit.from(1)))
                .toCompletableFuture().thenApply(list -> list.isEmpty() ? SeqScanner.NONE : seqOf(list.get(0).getId()));
    }

    /** The seq of the newest buffered frame, or {@link SeqScanner#NONE}. */
    public CompletableFuture<Long> lastSeq(String sessionId) {
        return flushed(redis.xrevrange(RedisKeys.sessionFrames(sessionId), Range.unbounded(), Limit.from(1)))
                .toCompletableFuture().thenApply(list -> list.isEmpty() ? SeqScanner.NONE : seqOf(list.get(0).getId()));
    }

    /** Up to {@code count} buffered frames with seq at or above {@code fromSeq}, oldest first. */
    public CompletableFuture<List<Entry>> range(String sessionId, long fromSeq, int count) {
        return flushed(redis.xrange(RedisKeys.sessionFrames(sessionId),
                        Range.from(Range.Boundary.including(fromSeq + "-0"), Range.Boundary.unbounded()), Limit.from(count)))
                .toCompletableFuture().thenApply(list -> {
                    List<Entry> out = new ArrayList<>(list.size());
                    for (StreamMessage<String, byte[]> m : list) {
                        byte[] frame = m.getBody().get(FIELD);
                        if (frame != null) {
                            out.add(new Entry(seqOf(m.getId()), frame));
                        }
                    }
                    return out;
                });
    }

    /** Lets the session's hash and buffer expire {@code MGW_RESUME_EXPIRY} from now (the session ended). */
    public void expire(String sessionId) {
        expireAfter(sessionId, expirySeconds);
    }

    /**
     * Lets the hash and buffer of a session no gateway holds any more expire {@code MGW_RESUME_EXPIRY} plus
     * {@code grace} from now, unless a gateway takes the session up again ({@link #assign} keeps them): a session that
     * ends while nobody holds it leaves nothing behind for ever.
     */
    public void expireUnlessTakenUp(String sessionId, String gatewayId, Duration grace) {
        long seconds = expirySeconds + Math.max(1, grace.toSeconds());
        // Only while the hash still names this gateway: one that took the session over meanwhile keeps the buffer.
        flushed(redis.eval(EXPIRE_IF_HELD_BY, ScriptOutputType.INTEGER,
                new String[] {RedisKeys.session(sessionId), RedisKeys.sessionFrames(sessionId)},
                bytes(gatewayId), bytes(Long.toString(seconds))));
    }

    private void expireAfter(String sessionId, long seconds) {
        redis.expire(RedisKeys.session(sessionId), seconds);
        flushed(redis.expire(RedisKeys.sessionFrames(sessionId), seconds));
    }

    private static long seqOf(String entryId) {
        int dash = entryId.indexOf('-');
        return Long.parseLong(dash < 0 ? entryId : entryId.substring(0, dash));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** One buffered frame: its seq and its bytes exactly as the pod sent them. */
    public record Entry(long seq, byte[] frame) {
    }
}
