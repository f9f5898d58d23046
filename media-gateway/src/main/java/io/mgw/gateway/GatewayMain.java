package io.mgw.gateway;

import io.mgw.gateway.config.GatewayConfigLoader;
import io.mgw.gateway.server.GatewayServer;
import io.mgw.service.ServiceMain;
import java.util.Map;

/** Entry point of the media-gateway process ({@code bin/mgw gateway}, the container's command). */
public final class GatewayMain {

    private GatewayMain() {
    }

    /** Starts the gateway from the process environment and stops it on JVM shutdown; exits 2 on invalid configuration. */
    public static void main(String[] args) {
        ServiceMain.run("gateway", GatewayMain::start);
    }

    /**
     * Loads and validates the configuration from {@code env}, then starts a gateway; the launcher uses this to run
     * it in-process. The caller owns the returned server and closes it.
     *
     * @throws io.mgw.adapters.config.ConfigException listing every invalid setting
     * @throws IllegalStateException when the port cannot be bound
     */
    public static GatewayServer start(Map<String, String> env) {
        return GatewayServer.start(GatewayConfigLoader.load(env));
    }
}
