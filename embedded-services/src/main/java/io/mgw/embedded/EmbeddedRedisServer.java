package io.mgw.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/** A real Redis (6.2, Streams included) started from the embedded-redis binaries: the Redis of {@code bin/mgw up} and of tests without {@code REDIS_URL}. */
public final class EmbeddedRedisServer implements AutoCloseable {

    private final RedisServer server;
    private final int port;

    private EmbeddedRedisServer(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts a server on loopback.
     *
     * @param dataDir where the append-only file lives so data survives a restart, or {@code null} to keep nothing
     * @param port    the port, or 0 for a free one
     */
    public static EmbeddedRedisServer start(Path dataDir, int port) {
        try {
            int chosen = port > 0 ? port : freePort();
            var builder = RedisServer.newRedisServer().bind("127.0.0.1").port(chosen).onShutdownForceStop(true);
            if (dataDir != null) {
                Files.createDirectories(dataDir);
                builder.setting("dir " + dataDir.toAbsolutePath())
                        .setting("appendonly yes")
                        .setting("appendfsync everysec");
            } else {
                builder.setting("save \"\"").setting("appendonly no");
            }
            RedisServer server = builder.build();
            server.start();
            return new EmbeddedRedisServer(server, chosen);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded Redis did not start", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The port the server listens on. */
    public int port() {
        return port;
    }

    /** The {@code REDIS_URL} form of this server's address. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded Redis did not stop cleanly", e);
        }
    }
}
