package io.mgw.runtime;

import io.mgw.runtime.config.ConfigException;
import io.mgw.runtime.config.RuntimeConfigLoader;
import io.mgw.runtime.server.RuntimeServer;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of the workflow-runtime process ({@code bin/mgw runtime}, the container's command). */
public final class RuntimeMain {

    private static final Logger log = LoggerFactory.getLogger(RuntimeMain.class);

    private RuntimeMain() {
    }

    /** Starts the runtime from the process environment and stops it on JVM shutdown; exits 2 on invalid configuration. */
    public static void main(String[] args) {
        RuntimeServer server;
        try {
            server = start(System.getenv());
        } catch (ConfigException e) {
            log.error(e.getMessage());
            System.exit(2);
            return;
        } catch (IllegalStateException e) {
            log.error(e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "mgw-runtime-shutdown"));
    }

    /**
     * Loads and validates the configuration from {@code env}, then starts a runtime; the launcher uses this to run
     * it in-process. The caller owns the returned server and closes it.
     *
     * @throws io.mgw.runtime.config.ConfigException listing every invalid setting
     * @throws IllegalStateException when the port cannot be bound
     */
    public static RuntimeServer start(Map<String, String> env) {
        return RuntimeServer.start(RuntimeConfigLoader.load(env));
    }
}
