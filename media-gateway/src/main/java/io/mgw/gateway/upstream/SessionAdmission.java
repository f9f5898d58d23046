package io.mgw.gateway.upstream;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.mgw.adapters.contract.RedisKeys;
import java.util.concurrent.CompletableFuture;

/**
 * Enforces a deployment's {@code max_concurrent_sessions} at connect time (DESIGN: never at creation; refused with
 * 1013) through the set {@link RedisKeys#liveSessions}. Admission and release are Lua scripts, so the count check
 * and the add are atomic across gateways, and only the gateway the session hash names may remove a session (an old
 * gateway letting go after a takeover does not free the new holder's slot).
 */
public final class SessionAdmission {

    private static final String ADMIT = """
            if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 1 end
            local max = tonumber(ARGV[2])
            if max > 0 and redis.call('SCARD', KEYS[1]) >= max then return 0 end
            redis.call('SADD', KEYS[1], ARGV[1])
            return 1""";
    private static final String RELEASE = """
            local holder = redis.call('HGET', KEYS[2], ARGV[2])
            if holder == false or holder == ARGV[3] then redis.call('SREM', KEYS[1], ARGV[1]) end
            return 1""";

    private final RedisAsyncCommands<String, String> redis;

    public SessionAdmission(StatefulRedisConnection<String, String> connection) {
        this.redis = connection.async();
    }

    /** True when the session may connect: already counted, no cap, or the deployment has a free slot. */
    public CompletableFuture<Boolean> admit(String deploymentId, String sessionId, Integer maxConcurrentSessions) {
        if (deploymentId == null) {
            return CompletableFuture.completedFuture(true);
        }
        int max = maxConcurrentSessions == null ? 0 : maxConcurrentSessions;
        return redis.<Long>eval(ADMIT, ScriptOutputType.INTEGER, new String[] {RedisKeys.liveSessions(deploymentId)},
                sessionId, Integer.toString(max)).toCompletableFuture().thenApply(r -> r != null && r == 1L);
    }

    /** Frees the session's slot unless another gateway holds the session now. */
    public void release(String deploymentId, String sessionId, String gatewayId) {
        if (deploymentId == null) {
            return;
        }
        redis.eval(RELEASE, ScriptOutputType.INTEGER,
                new String[] {RedisKeys.liveSessions(deploymentId), RedisKeys.session(sessionId)},
                sessionId, RedisKeys.SESSION_GATEWAY, gatewayId);
    }
}
