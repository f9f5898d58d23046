package io.mgw.gateway.config;

import io.mgw.adapters.config.ConfigException;
import io.mgw.adapters.config.EnvReader;
import io.mgw.adapters.contract.RedisKeys;
import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the environment into a validated {@link GatewayConfig}: the only place the gateway's variable names,
 * defaults and limits live. Every problem is collected and reported in one {@link ConfigException}.
 */
public final class GatewayConfigLoader {

    public static final String BIND_HOST = "MGW_BIND_HOST";
    public static final String PORT = "MGW_GATEWAY_PORT";
    public static final String IO_THREADS = "MGW_IO_THREADS";
    public static final String PUBLIC_WS_BASE = "MGW_PUBLIC_WS_BASE";
    public static final String REDIS_URL = "REDIS_URL";
    public static final String CONTROL_PLANE_URL = "MGW_CONTROL_PLANE_URL";
    public static final String SERVICE_TOKEN = "MGW_SERVICE_TOKEN";
    public static final String JWT_SECRET = "MGW_JWT_SECRET";
    public static final String PING_INTERVAL = "MGW_PING_INTERVAL";
    public static final String CONNECT_BUDGET = "MGW_CONNECT_BUDGET";
    public static final String MAX_FRAME_SIZE = "MGW_MAX_FRAME_SIZE";
    public static final String SLOW_CLIENT_TIMEOUT = "MGW_SLOW_CLIENT_TIMEOUT";
    public static final String RESUME_MAXLEN = "MGW_RESUME_MAXLEN";
    public static final String EVENTS_STREAM = "MGW_EVENTS_STREAM";
    public static final String RESUME_EXPIRY = "MGW_RESUME_EXPIRY";
    public static final String SESSION_GRACE = "MGW_SESSION_GRACE";
    public static final String AGENT_HANDSHAKE_TIMEOUT = "MGW_AGENT_HANDSHAKE_TIMEOUT";
    public static final String DRAIN_SECONDS = "MGW_DRAIN_SECONDS";
    public static final String WAKEUP_COALESCING_US = "MGW_WAKEUP_COALESCING_US";

    /** HS256 needs a key of at least 256 bits. */
    public static final int MIN_JWT_SECRET_BYTES = 32;

    private static final Set<String> REDIS_SCHEMES = Set.of("redis", "rediss");
    private static final Set<String> HTTP_SCHEMES = Set.of("http", "https");
    private static final Set<String> WS_SCHEMES = Set.of("ws", "wss");
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    private static final int DEFAULT_WAKEUP_COALESCING_US =
            (int) (GatewayConfig.Server.DEFAULT_WAKEUP_COALESCING.toNanos() / 1000);

    private GatewayConfigLoader() {
    }

    /**
     * Reads and validates the gateway's settings.
     *
     * @param env the process environment ({@code System.getenv()} in {@code main}, a map in tests and the launcher)
     * @throws ConfigException listing every invalid or missing value
     */
    public static GatewayConfig load(Map<String, String> env) {
        EnvReader in = new EnvReader(env);
        var server = new GatewayConfig.Server(
                in.string(BIND_HOST, "0.0.0.0"),
                in.port(PORT, 8081),
                in.integer(IO_THREADS, 1, 1, 64),
                Optional.ofNullable(in.uri(PUBLIC_WS_BASE, null, WS_SCHEMES)),
                in.duration(DRAIN_SECONDS, GatewayConfig.Server.DEFAULT_DRAIN_TIMEOUT, Duration.ZERO, Duration.ofMinutes(10)),
                Duration.of(in.integer(WAKEUP_COALESCING_US, DEFAULT_WAKEUP_COALESCING_US, 0, 2000), ChronoUnit.MICROS));
        var redis = new GatewayConfig.Redis(in.uri(REDIS_URL, "redis://127.0.0.1:6379", REDIS_SCHEMES),
                in.redisKey(EVENTS_STREAM, RedisKeys.EVENTS));
        var controlPlane = new GatewayConfig.ControlPlane(
                in.uri(CONTROL_PLANE_URL, "http://127.0.0.1:8080", HTTP_SCHEMES),
                in.secret(SERVICE_TOKEN, 1, "the token the gateway presents to the control-plane's internal API"));
        var auth = new GatewayConfig.Auth(in.secret(JWT_SECRET, MIN_JWT_SECRET_BYTES, "the HS256 secret that verifies ws_tokens"));
        var sessionSocket = new GatewayConfig.SessionSocket(
                in.duration(PING_INTERVAL, Duration.ofSeconds(15), ONE_SECOND, Duration.ofMinutes(10)),
                in.duration(CONNECT_BUDGET, Duration.ofSeconds(10), ONE_SECOND, Duration.ofMinutes(5)),
                in.integer(MAX_FRAME_SIZE, 64 * 1024, 1024, 16 * 1024 * 1024),
                in.duration(SLOW_CLIENT_TIMEOUT, GatewayConfig.SessionSocket.DEFAULT_SLOW_CLIENT_TIMEOUT,
                        Duration.ofMillis(100), Duration.ofMinutes(1)));
        var resume = new GatewayConfig.Resume(
                in.integer(RESUME_MAXLEN, 2000, 1, 1_000_000),
                in.duration(RESUME_EXPIRY, Duration.ofSeconds(600), ONE_SECOND, Duration.ofDays(7)),
                in.duration(SESSION_GRACE, Duration.ofSeconds(30), Duration.ZERO, Duration.ofHours(1)));
        var agentStream = new GatewayConfig.AgentStream(
                in.duration(AGENT_HANDSHAKE_TIMEOUT, Duration.ofSeconds(10), ONE_SECOND, Duration.ofMinutes(5)));
        if (server.bindHost().chars().anyMatch(Character::isWhitespace)) {
            in.problem(BIND_HOST + ": '" + server.bindHost() + "' is not a host name or address");
        }
        server.publicWsBase().map(URI::getRawQuery).ifPresent(query ->
                in.problem(PUBLIC_WS_BASE + ": must not carry a query string"));
        in.throwIfProblems("media-gateway");
        return new GatewayConfig(server, redis, controlPlane, auth, sessionSocket, resume, agentStream);
    }
}
