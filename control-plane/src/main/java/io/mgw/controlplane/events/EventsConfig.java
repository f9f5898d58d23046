package io.mgw.controlplane.events;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.mgw.adapters.contract.RedisKeys;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Settings of the {@code mgw:events} consumer ({@code mgw.events.*}; defaults in {@code application.yml}).
 *
 * @param enabled   whether the consumer runs at all
 * @param stream    the stream key; {@link RedisKeys#EVENTS} when unset (tests use their own key)
 * @param consumer  this instance's consumer name in the group; stable across restarts of the same instance, so
 *                  its own pending entries are re-read on start; hostname + pid when unset
 * @param batchSize entries read per {@code XREADGROUP} / {@code XAUTOCLAIM} (1..1000)
 * @param block     how long one {@code XREADGROUP} blocks waiting for new entries (also bounds shutdown time)
 * @param claimIdle entries pending this long on another (presumably dead) consumer are claimed; also how often
 *                  the consumer looks for them
 */
@ConfigurationProperties("mgw.events")
public record EventsConfig(
        boolean enabled,
        @Nullable String stream,
        @Nullable String consumer,
        int batchSize,
        Duration block,
        Duration claimIdle) {

    public static final int MAX_BATCH_SIZE = 1000;

    /** Fills the stream and consumer defaults and fails the start on values that cannot work. */
    public EventsConfig {
        stream = stream == null || stream.isBlank() ? RedisKeys.EVENTS : stream;
        consumer = consumer == null || consumer.isBlank() ? defaultConsumerName() : consumer;
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("mgw.events.batch-size must be within 1.." + MAX_BATCH_SIZE);
        }
        if (block == null || block.isNegative() || block.isZero() || block.toMillis() > 60_000) {
            throw new IllegalArgumentException("mgw.events.block must be within 1ms..60s");
        }
        if (claimIdle == null || claimIdle.isNegative() || claimIdle.isZero()) {
            throw new IllegalArgumentException("mgw.events.claim-idle must be positive");
        }
    }

    /** Hostname and process id: distinct per running instance, the same for a pod restarted in place (pid 1). */
    static String defaultConsumerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException | SecurityException e) {
            host = "control-plane";
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
