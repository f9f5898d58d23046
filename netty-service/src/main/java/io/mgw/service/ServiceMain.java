package io.mgw.service;

import io.mgw.adapters.config.ConfigException;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code main} of a plain-Netty process: environment, then config and start (the process's {@code start}),
 * then a shutdown hook that closes what was started. Invalid configuration exits 2, any other start failure
 * (a port that cannot be bound) exits 1.
 */
public final class ServiceMain {

    /** Exit status when the configuration is invalid. */
    public static final int EXIT_INVALID_CONFIG = 2;
    /** Exit status when the process cannot start for another reason. */
    public static final int EXIT_START_FAILED = 1;

    private static final Logger log = LoggerFactory.getLogger(ServiceMain.class);

    private ServiceMain() {
    }

    /**
     * Starts a process from {@code System.getenv()} and closes it on JVM shutdown.
     *
     * @param id    short process id, names the shutdown thread ({@code mgw-<id>-shutdown})
     * @param start the process's {@code start(env)}: loads and validates its config, then starts its server
     */
    public static void run(String id, Function<Map<String, String>, ? extends AutoCloseable> start) {
        AutoCloseable server = start(System.getenv(), start, System::exit);
        if (server != null) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> close(server), "mgw-" + id + "-shutdown"));
        }
    }

    /** Starts the process, or logs why it cannot and calls {@code exit} with the status; then returns null. */
    static AutoCloseable start(Map<String, String> env, Function<Map<String, String>, ? extends AutoCloseable> start,
                               IntConsumer exit) {
        try {
            return start.apply(env);
        } catch (ConfigException e) {
            log.error(e.getMessage());
            exit.accept(EXIT_INVALID_CONFIG);
        } catch (IllegalStateException e) {
            log.error(e.getMessage());
            exit.accept(EXIT_START_FAILED);
        }
        return null;
    }

    private static void close(AutoCloseable server) {
        try {
            server.close();
        } catch (Exception e) {
            log.warn("shutdown failed: {}", e.toString());
        }
    }
}
