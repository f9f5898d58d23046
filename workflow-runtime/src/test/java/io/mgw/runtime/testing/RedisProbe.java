package io.mgw.runtime.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.mgw.adapters.contract.RedisKeys;
import java.util.List;
import java.util.Map;

/** Reads the pod registry's keys from the test Redis, the way a gateway would (blocking: test threads only). */
public final class RedisProbe implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    public RedisProbe(String redisUrl) {
        this.client = RedisClient.create(redisUrl);
        this.connection = client.connect();
    }

    public RedisCommands<String, String> redis() {
        return connection.sync();
    }

    /** The fields of {@code mgw:pod:<podId>}; empty when absent. */
    public Map<String, String> pod(String podId) {
        return redis().hgetall(RedisKeys.pod(podId));
    }

    /** The remaining TTL of {@code mgw:pod:<podId>} in seconds (-2 when absent, -1 without TTL). */
    public long podTtl(String podId) {
        return redis().ttl(RedisKeys.pod(podId));
    }

    /** The pod ids in {@code mgw:pods:<deploymentId>}. */
    public List<String> podsOf(String deploymentId) {
        return redis().zrange(RedisKeys.podsOf(deploymentId), 0, -1);
    }

    /** The heartbeat score of {@code podId} in {@code mgw:pods:<deploymentId>}, or null. */
    public Double score(String deploymentId, String podId) {
        return redis().zscore(RedisKeys.podsOf(deploymentId), podId);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
