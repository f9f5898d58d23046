package io.mgw.runtime;

import io.mgw.runtime.config.RuntimeConfigLoader;
import io.mgw.runtime.server.RuntimeServer;
import io.mgw.service.ServiceMain;
import java.util.Map;

/** Entry point of the workflow-runtime process ({@code bin/mgw runtime}, the container's command). */
public final class RuntimeMain {

    private RuntimeMain() {
    }

    /** Starts the runtime from the process environment and stops it on JVM shutdown; exits 2 on invalid configuration. */
    public static void main(String[] args) {
        ServiceMain.run("runtime", RuntimeMain::start);
    }

    /**
     * Loads and validates the configuration from {@code env}, then starts a runtime; the launcher uses this to run
     * it in-process. The caller owns the returned server and closes it.
     *
     * @throws io.mgw.adapters.config.ConfigException listing every invalid setting
     * @throws IllegalStateException when the port cannot be bound
     */
    public static RuntimeServer start(Map<String, String> env) {
        return RuntimeServer.start(RuntimeConfigLoader.load(env));
    }
}
