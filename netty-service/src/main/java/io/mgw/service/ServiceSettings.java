package io.mgw.service;

import java.net.URI;
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
 */
public record ServiceSettings(String name, String id, String bindHost, int port, int ioThreads, URI redisUrl) {

    public ServiceSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(redisUrl, "redisUrl");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0..65535");
        }
        if (ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads must be at least 1, got " + ioThreads);
        }
    }
}
