package io.mgw.gateway;

import io.mgw.gateway.config.ConfigException;
import io.mgw.gateway.config.GatewayConfigLoader;
import io.mgw.gateway.server.GatewayServer;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of the media-gateway process ({@code bin/mgw gateway}, the container's command). */
public final class GatewayMain {

    private static final Logger log = LoggerFactory.getLogger(GatewayMain.class);

    private GatewayMain() {
    }

    /** Starts the gateway from the process environment and stops it on JVM shutdown; exits 2 on invalid configuration. */
    public static void main(String[] args) {
        GatewayServer server;
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
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "mgw-gateway-shutdown"));
    }

    /**
     * Loads and validates the configuration from {@code env}, then starts a gateway; the launcher uses this to run
     * it in-process. The caller owns the returned server and closes it.
     *
     * @throws io.mgw.gateway.config.ConfigException listing every invalid setting
     * @throws IllegalStateException when the port cannot be bound
     */
    public static GatewayServer start(Map<String, String> env) {
        return GatewayServer.start(GatewayConfigLoader.load(env));
    }
}
