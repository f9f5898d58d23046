package io.mgw.runtime.config;

import io.mgw.adapters.config.ConfigException;
import io.mgw.adapters.config.EnvReader;
import io.mgw.adapters.contract.RedisKeys;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the environment into a validated {@link RuntimeConfig}: the only place the runtime's variable names,
 * defaults and limits live. Every problem is collected and reported in one {@link ConfigException}.
 */
public final class RuntimeConfigLoader {

    public static final String BIND_HOST = "MGW_BIND_HOST";
    public static final String PORT = "MGW_RUNTIME_PORT";
    public static final String IO_THREADS = "MGW_IO_THREADS";
    public static final String REDIS_URL = "REDIS_URL";
    public static final String SERVICE_TOKEN = "MGW_SERVICE_TOKEN";
    public static final String POD_ID = "MGW_POD_ID";
    public static final String POD_CAPACITY = "MGW_POD_CAPACITY";
    public static final String DEPLOYMENT_SPEC_FILE = "MGW_DEPLOYMENT_SPEC_FILE";
    public static final String DEPLOYMENT_ID = "MGW_DEPLOYMENT_ID";
    public static final String POD_ADVERTISE_URL = "MGW_POD_ADVERTISE_URL";
    public static final String SESSION_GRACE = "MGW_SESSION_GRACE";
    public static final String METRICS_WINDOW = "MGW_METRICS_WINDOW";
    public static final String EVENTS_STREAM = "MGW_EVENTS_STREAM";
    public static final String DATASOURCES = "MGW_DATASOURCES";
    public static final String MAX_RUNS_PER_DEPLOYMENT = "MGW_MAX_RUNS_PER_DEPLOYMENT";
    public static final String ASSETS_DIR = "MGW_ASSETS_DIR";

    /** Pod ids end up in Redis keys and Kubernetes names: letters, digits, '.', '_' and '-'. */
    private static final Pattern POD_ID_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Set<String> REDIS_SCHEMES = Set.of("redis", "rediss");
    private static final Set<String> WS_SCHEMES = Set.of("ws", "wss");
    private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private RuntimeConfigLoader() {
    }

    /**
     * Reads and validates the runtime's settings.
     *
     * @param env the process environment ({@code System.getenv()} in {@code main}, a map in tests and the launcher)
     * @throws ConfigException listing every invalid or missing value
     */
    public static RuntimeConfig load(Map<String, String> env) {
        EnvReader in = new EnvReader(env);
        var server = new RuntimeConfig.Server(
                in.string(BIND_HOST, "0.0.0.0"),
                in.port(PORT, 8090),
                in.integer(IO_THREADS, 1, 1, 64));
        var redis = new RuntimeConfig.Redis(in.uri(REDIS_URL, "redis://127.0.0.1:6379", REDIS_SCHEMES));
        var pod = new RuntimeConfig.Pod(
                in.string(POD_ID, generatedPodId()),
                in.integer(POD_CAPACITY, 100, 1, 100_000),
                Optional.ofNullable(in.uri(POD_ADVERTISE_URL, null, WS_SCHEMES)));
        var internalApi = new RuntimeConfig.InternalApi(
                in.secret(SERVICE_TOKEN, 1, "the token callers of the runtime's internal API must present"));
        var sessions = new RuntimeConfig.Sessions(
                in.duration(SESSION_GRACE, Duration.ofSeconds(30), Duration.ZERO, Duration.ofHours(1)),
                in.duration(METRICS_WINDOW, Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofHours(1)),
                in.redisKey(EVENTS_STREAM, RedisKeys.EVENTS));
        if (server.bindHost().chars().anyMatch(Character::isWhitespace)) {
            in.problem(BIND_HOST + ": '" + server.bindHost() + "' is not a host name or address");
        }
        if (!POD_ID_PATTERN.matcher(pod.id()).matches()) {
            in.problem(POD_ID + ": '" + pod.id() + "' must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        pod.advertiseUrl().map(URI::getRawQuery).ifPresent(query ->
                in.problem(POD_ADVERTISE_URL + ": must not carry a query string"));
        io.mgw.runtime.batch.DataSources dataSources = io.mgw.runtime.batch.DataSources.none();
        try {
            dataSources = io.mgw.runtime.batch.DataSources.parse(in.string(DATASOURCES, ""));
        } catch (IllegalArgumentException e) {
            in.problem(DATASOURCES + ": " + e.getMessage());
        }
        int maxRuns = in.integer(MAX_RUNS_PER_DEPLOYMENT, 20, 1, 10_000);
        String assetsDir = in.string(ASSETS_DIR, "assets");
        java.nio.file.Path assets = java.nio.file.Path.of(".");
        try {
            assets = java.nio.file.Path.of(assetsDir);
        } catch (java.nio.file.InvalidPathException e) {
            in.problem(ASSETS_DIR + ": '" + assetsDir + "' is not a path");
        }
        String specFile = in.string(DEPLOYMENT_SPEC_FILE, "");
        String deploymentId = in.string(DEPLOYMENT_ID, "");
        if (!specFile.isEmpty() && !java.nio.file.Files.isReadable(java.nio.file.Path.of(specFile))) {
            in.problem(DEPLOYMENT_SPEC_FILE + ": " + specFile + " is not a readable file");
        }
        if (!specFile.isEmpty() && deploymentId.isEmpty()) {
            in.problem(DEPLOYMENT_ID + ": required with " + DEPLOYMENT_SPEC_FILE);
        }
        in.throwIfProblems("workflow-runtime");
        var hosting = specFile.isEmpty() ? RuntimeConfig.Hosting.none() : new RuntimeConfig.Hosting(
                java.util.Optional.of(java.nio.file.Path.of(specFile)), java.util.Optional.of(deploymentId));
        return new RuntimeConfig(server, redis, pod, internalApi, sessions, new RuntimeConfig.Batch(dataSources, maxRuns),
                hosting, new RuntimeConfig.Nodes(assets, NodeSecrets.from(env)));
    }

    /** {@code pod-} and ten random lowercase letters or digits. */
    private static String generatedPodId() {
        StringBuilder id = new StringBuilder("pod-");
        for (int i = 0; i < 10; i++) {
            id.append(ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)]);
        }
        return id.toString();
    }
}
