package io.mgw.service;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@link NettyServer} needs to know about the process it serves; each process builds it from its own config.
 *
 * @param name      the process as logs and errors call it, e.g. {@code media-gateway}
 * @param id        short id for thread and channel-group names ({@code mgw-<id>-io}), e.g. {@code gateway}
 * @param bindHost  address to bind
 * @param port      port to bind, 0 for an ephemeral one
 * @param ioThreads event-loop threads; one per core at most
 * @param redisUrl  the Redis the process uses and {@code /health} probes
 * @param maxRequestBytes largest request (headers excluded) the shared aggregator accepts; a bigger one is answered
 *                  with a JSON 413 before it reaches an endpoint
 * @param redisOnEventLoops whether Redis connections run on the server's own event loops (DESIGN "Hot path": command
 *                  completions then need no thread hop); only for processes that never wait for Redis on an event loop
 * @param wakeupCoalescing how long an event loop with nothing to do waits before polling its sockets, so one wake-up
 *                  serves several ({@link CoalescingSelectStrategy}); zero blocks at once, as Netty does
 */
public record ServiceSettings(String name, String id, String bindHost, int port, int ioThreads, URI redisUrl,
                              int maxRequestBytes, boolean redisOnEventLoops, Duration wakeupCoalescing) {

    /** Requests of processes whose endpoints take no body (WebSocket upgrades, GETs) stay this small. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 8 * 1024;

    /** Settings with {@link #DEFAULT_MAX_REQUEST_BYTES}, for processes whose endpoints read no request body. */
    public ServiceSettings(String name, String id, String bindHost, int port, int ioThreads, URI redisUrl) {
        this(name, id, bindHost, port, ioThreads, redisUrl, DEFAULT_MAX_REQUEST_BYTES);
    }

    /** Settings whose Redis connections run on Lettuce's own threads. */
    public ServiceSettings(String name, String id, String bindHost, int port, int ioThreads, URI redisUrl,
                           int maxRequestBytes) {
        this(name, id, bindHost, port, ioThreads, redisUrl, maxRequestBytes, false, Duration.ZERO);
    }

    /** These settings with Redis on the server's event loops. */
    public ServiceSettings withRedisOnEventLoops() {
        return new ServiceSettings(name, id, bindHost, port, ioThreads, redisUrl, maxRequestBytes, true, wakeupCoalescing);
    }

    /** These settings with event loops that coalesce wake-ups over {@code window} (zero: off). */
    public ServiceSettings withWakeupCoalescing(Duration window) {
        return new ServiceSettings(name, id, bindHost, port, ioThreads, redisUrl, maxRequestBytes, redisOnEventLoops,
                window);
    }

    public ServiceSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(redisUrl, "redisUrl");
        Objects.requireNonNull(wakeupCoalescing, "wakeupCoalescing");
        if (wakeupCoalescing.isNegative()) {
            throw new IllegalArgumentException("wakeupCoalescing must not be negative, got " + wakeupCoalescing);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0..65535");
        }
        if (ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads must be at least 1, got " + ioThreads);
        }
        if (maxRequestBytes < 1) {
            throw new IllegalArgumentException("maxRequestBytes must be at least 1, got " + maxRequestBytes);
        }
    }
}
