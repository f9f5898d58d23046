package io.mgw.gateway.upstream;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.mgw.adapters.contract.RedisKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces a deployment's {@code max_concurrent_sessions} at connect time (DESIGN: never at creation; refused with
 * 1013) through the sorted set {@link RedisKeys#liveSessions}. Admission and release are Lua scripts, so the count
 * check and the add are atomic across gateways, and only the gateway the session hash names may remove a session (an
 * old gateway letting go after a takeover does not free the new holder's slot). Each gateway re-vouches for the
 * sessions it admitted every {@link #REFRESH} (the member's score is the time); a member not vouched for within
 * {@link #STALE_AFTER} belonged to a gateway that died and no longer counts. Thread-safe.
 */
public final class SessionAdmission implements AutoCloseable {

    /** How often a gateway refreshes the sessions it holds. */
    public static final Duration REFRESH = Duration.ofSeconds(10);
    /** Age after which an unrefreshed member is dropped. */
    public static final Duration STALE_AFTER = Duration.ofSeconds(45);

    private static final Logger log = LoggerFactory.getLogger(SessionAdmission.class);
    private static final String ADMIT = """
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
            if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
              redis.call('ZADD', KEYS[1], ARGV[4], ARGV[1])
              return 1
            end
            local max = tonumber(ARGV[2])
            if max > 0 and redis.call('ZCARD', KEYS[1]) >= max then return 0 end
            redis.call('ZADD', KEYS[1], ARGV[4], ARGV[1])
            return 1""";
    private static final String RELEASE = """
            local holder = redis.call('HGET', KEYS[2], ARGV[2])
            if holder == false or holder == ARGV[3] then redis.call('ZREM', KEYS[1], ARGV[1]) end
            return 1""";

    private final RedisAsyncCommands<String, String> redis;
    private final Clock clock;
    private final Map<String, Set<String>> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService refresher;

    public SessionAdmission(StatefulRedisConnection<String, String> connection, Clock clock) {
        this.redis = connection.async();
        this.clock = clock;
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mgw-gateway-admission");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleAtFixedRate(this::refresh, REFRESH.toMillis(), REFRESH.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True when the session may connect: already counted, no cap, or the deployment has a free slot. */
    public CompletableFuture<Boolean> admit(String deploymentId, String sessionId, Integer maxConcurrentSessions) {
        if (deploymentId == null) {
            return CompletableFuture.completedFuture(true);
        }
        int max = maxConcurrentSessions == null ? 0 : maxConcurrentSessions;
        long now = clock.millis();
        return redis.<Long>eval(ADMIT, ScriptOutputType.INTEGER, new String[] {RedisKeys.liveSessions(deploymentId)},
                        sessionId, Integer.toString(max), Long.toString(now - STALE_AFTER.toMillis()), Long.toString(now))
                .toCompletableFuture().thenApply(r -> {
                    boolean admitted = r != null && r == 1L;
                    if (admitted) {
                        held.computeIfAbsent(deploymentId, d -> ConcurrentHashMap.newKeySet()).add(sessionId);
                    }
                    return admitted;
                });
    }

    /** Frees the session's slot unless another gateway holds the session now. */
    public void release(String deploymentId, String sessionId, String gatewayId) {
        if (deploymentId == null) {
            return;
        }
        Set<String> sessions = held.get(deploymentId);
        if (sessions != null) {
            sessions.remove(sessionId);
        }
        redis.eval(RELEASE, ScriptOutputType.INTEGER,
                new String[] {RedisKeys.liveSessions(deploymentId), RedisKeys.session(sessionId)},
                sessionId, RedisKeys.SESSION_GATEWAY, gatewayId);
    }

    /** Vouches again for every session this gateway admitted (only those still present: XX). */
    void refresh() {
        double now = clock.millis();
        held.forEach((deployment, sessions) -> {
            for (String session : sessions) {
                redis.zadd(RedisKeys.liveSessions(deployment), ZAddArgs.Builder.xx(), now, session)
                        .exceptionally(e -> {
                            log.debug("admission refresh failed for {}: {}", session, e.toString());
                            return null;
                        });
            }
        });
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
