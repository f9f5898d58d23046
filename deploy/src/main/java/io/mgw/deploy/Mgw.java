package io.mgw.deploy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.mgw.controlplane.ControlPlaneApplication;
import io.mgw.embedded.EmbeddedPostgresServer;
import io.mgw.embedded.EmbeddedRedisServer;
import io.mgw.gateway.GatewayMain;
import io.mgw.gateway.server.GatewayServer;
import io.mgw.runtime.RuntimeMain;
import io.mgw.runtime.server.RuntimeServer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/mgw}: starts the whole system in one JVM ({@code up}) or one process ({@code control-plane},
 * {@code gateway}, {@code runtime}), with an embedded PostgreSQL and Redis where {@code DATABASE_URL} and
 * {@code REDIS_URL} are unset, and secrets generated and kept in {@code MGW_DATA_DIR}.
 */
public final class Mgw implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Mgw.class);
    private static final int DEFAULT_GATEWAY_PORT = 8081;
    private static final String USAGE = """
            usage: bin/mgw <command>
              up              control-plane, media-gateway and the local runtime in one JVM
              control-plane   the control plane only
              gateway         the media gateway only
              runtime         the workflow runtime only
              load            drive N concurrent sessions through a running system (bin/mgw load --help)
            Configuration is read from environment variables; see docs/OPERATIONS.md.""";

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Map<String, String> env;
    private String controlPlaneUrl;
    private String gatewayUrl;
    private String runtimeUrl;
    private Path dataDir;

    private Mgw(Map<String, String> env) {
        this.env = env;
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "" : args[0].toLowerCase(Locale.ROOT);
        if (command.equals("load")) {
            io.mgw.deploy.load.LoadTool.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (!command.matches("up|control-plane|gateway|runtime")) {
            System.err.println(USAGE);
            System.exit(args.length == 0 || command.matches("-h|--help|help") ? 0 : 2);
        }
        Mgw mgw;
        try {
            mgw = start(command, System.getenv());
        } catch (RuntimeException e) {
            LOG.error("mgw {} failed to start: {}", command, e.getMessage(), e.getCause());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(mgw::close, "mgw-shutdown"));
        mgw.printBanner(command);
    }

    /** Starts {@code command}'s processes; closing the result stops them in reverse order. */
    public static Mgw start(String command, Map<String, String> environment) {
        Mgw mgw = new Mgw(new HashMap<>(environment));
        try {
            mgw.startAll(command);
            return mgw;
        } catch (RuntimeException e) {
            mgw.close();
            throw e;
        }
    }

    private void startAll(String command) {
        boolean all = command.equals("up");
        dataDir = Path.of(env.getOrDefault("MGW_DATA_DIR", ".mgw-data")).toAbsolutePath();
        LauncherSecrets.fillMissing(env, dataDir);
        if (all || command.equals("control-plane")) {
            ensureDatabase(dataDir);
        }
        ensureRedis(dataDir);
        // The runtime first: the control plane's local driver needs its URL, the gateway the control plane's.
        if (all || command.equals("runtime")) {
            RuntimeServer runtime = RuntimeMain.start(env);
            started.push(runtime);
            runtimeUrl = "http://127.0.0.1:" + runtime.port();
            env.putIfAbsent("MGW_RUNTIME_URL", runtimeUrl);
        }
        if (all && !isSet("MGW_PUBLIC_WS_BASE")) {
            // ws_url must point at this gateway before the gateway starts: "any free port" is chosen here.
            int gatewayPort = intOr("MGW_GATEWAY_PORT", DEFAULT_GATEWAY_PORT);
            if (gatewayPort == 0) {
                gatewayPort = freePort();
                env.put("MGW_GATEWAY_PORT", Integer.toString(gatewayPort));
            }
            env.put("MGW_PUBLIC_WS_BASE", "ws://127.0.0.1:" + gatewayPort);
        }
        if (all || command.equals("control-plane")) {
            ApplicationContext context = ControlPlaneApplication.start(env);
            EmbeddedServer server = context.getBean(EmbeddedServer.class);
            // Stop through the server, as Micronaut's own shutdown hook does (server, then context): closing the
            // context first takes the two locks the other way round and the two hooks deadlock on SIGTERM.
            started.push(() -> {
                server.stop();
                if (context.isRunning()) {
                    context.close();
                }
            });
            int port = server.getPort();
            controlPlaneUrl = "http://127.0.0.1:" + port;
            env.putIfAbsent("MGW_CONTROL_PLANE_URL", controlPlaneUrl);
        }
        if (all || command.equals("gateway")) {
            GatewayServer gateway = GatewayMain.start(env);
            started.push(gateway);
            gatewayUrl = "http://127.0.0.1:" + gateway.port();
        }
    }

    private void ensureDatabase(Path dataDir) {
        if (isSet("DATABASE_URL")) {
            return;
        }
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir.resolve("postgres"),
                intOr("MGW_EMBEDDED_POSTGRES_PORT", 0));
        started.push(postgres);
        env.put("DATABASE_URL", postgres.jdbcUrl("postgres"));
        LOG.info("embedded PostgreSQL on port {} (data in {})", postgres.port(), dataDir.resolve("postgres"));
    }

    private void ensureRedis(Path dataDir) {
        if (isSet("REDIS_URL")) {
            return;
        }
        EmbeddedRedisServer redis = EmbeddedRedisServer.start(dataDir.resolve("redis"), intOr("MGW_EMBEDDED_REDIS_PORT", 0));
        started.push(redis);
        env.put("REDIS_URL", redis.url());
        LOG.info("embedded Redis on port {} (data in {})", redis.port(), dataDir.resolve("redis"));
    }

    private boolean isSet(String name) {
        String value = env.get(name);
        return value != null && !value.isBlank();
    }

    private int intOr(String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer port, got '" + value + "'");
        }
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("no free port for the gateway", e);
        }
    }

    public String controlPlaneUrl() {
        return controlPlaneUrl;
    }

    public String gatewayUrl() {
        return gatewayUrl;
    }

    public String runtimeUrl() {
        return runtimeUrl;
    }

    /** Where embedded data and generated secrets live. */
    public Path dataDir() {
        return dataDir;
    }

    /** The platform admin key this run uses. */
    public String adminKey() {
        return env.get("MGW_BOOTSTRAP_API_KEY");
    }

    private void printBanner(String command) {
        StringBuilder banner = new StringBuilder("\nmgw ").append(command).append(" is running\n");
        if (controlPlaneUrl != null) {
            banner.append("  control plane  ").append(controlPlaneUrl).append("   (API docs: ")
                    .append(controlPlaneUrl).append("/swagger-ui/index.html)\n");
        }
        if (gatewayUrl != null) {
            banner.append("  media gateway  ").append(gatewayUrl.replace("http:", "ws:")).append("\n");
        }
        if (runtimeUrl != null) {
            banner.append("  runtime        ").append(runtimeUrl).append("\n");
        }
        if (controlPlaneUrl != null) {
            banner.append("  admin API key  ").append(adminKey()).append("\n");
        }
        banner.append("Press Ctrl-C to stop.\n");
        System.out.println(banner);
    }

    /** Stops everything started, newest first; safe to call twice. */
    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            AutoCloseable next = started.pop();
            try {
                next.close();
            } catch (Exception e) {
                LOG.warn("error while stopping: {}", e.toString());
            }
        }
    }
}
