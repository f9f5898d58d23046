package io.mgw.controlplane.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.mgw.controlplane.config.ControlPlaneConfig;
import jakarta.inject.Singleton;
import java.time.Duration;

/** The control plane's Redis client (pod registry, control channel, events) and its shared connection. */
@Factory
public class RedisFactory {

    @Singleton
    @Bean(preDestroy = "shutdown")
    RedisClient redisClient(ControlPlaneConfig config) {
        RedisClient client = RedisClient.create(config.redisUrl());
        client.setDefaultTimeout(Duration.ofSeconds(2));
        return client;
    }

    /** Connected lazily on first use, so the control plane starts (and reports Redis DOWN) while Redis is away. */
    @Singleton
    RedisConnections redisConnections(RedisClient client) {
        return new RedisConnections(client);
    }

    /** Holder of the shared connection; reconnects are Lettuce's own. */
    public static final class RedisConnections implements AutoCloseable {
        private final RedisClient client;
        private volatile StatefulRedisConnection<String, String> connection;

        RedisConnections(RedisClient client) {
            this.client = client;
        }

        public StatefulRedisConnection<String, String> shared() {
            StatefulRedisConnection<String, String> current = connection;
            if (current == null) {
                synchronized (this) {
                    if (connection == null) {
                        connection = client.connect();
                    }
                    current = connection;
                }
            }
            return current;
        }

        @Override
        public void close() {
            if (connection != null) {
                connection.close();
            }
        }
    }
}
