package io.mgw.controlplane.config;

import io.mgw.adapters.config.ConfigException;
import io.mgw.adapters.config.EnvReader;
import io.mgw.adapters.contract.DatabaseUrl;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the control plane's environment variables (the only place that does) into Micronaut properties,
 * validating them all with the shared {@link EnvReader} and reporting every problem at once.
 */
public final class ControlPlaneEnvironment {

    public static final int DEFAULT_PORT = 8080;
    public static final int MIN_SECRET_BYTES = 32;
    public static final int MIN_BOOTSTRAP_API_KEY_CHARS = 16;
    public static final int MIN_REQUEST_BYTES = 1024;
    public static final int MAX_REQUEST_BYTES = 64 * 1024 * 1024;

    private ControlPlaneEnvironment() {
    }

    /**
     * Maps the environment to Micronaut properties.
     *
     * @throws ConfigException listing every invalid or missing value
     */
    public static Map<String, Object> toProperties(Map<String, String> env) {
        EnvReader in = new EnvReader(env);
        Map<String, Object> properties = new HashMap<>();

        String databaseUrl = in.string("DATABASE_URL", null);
        if (databaseUrl == null) {
            in.problem("DATABASE_URL: not set (bin/mgw starts an embedded PostgreSQL when it is unset)");
        } else {
            try {
                DatabaseUrl parsed = DatabaseUrl.parse(databaseUrl);
                properties.put("datasources.default.url", parsed.jdbcUrl());
                if (parsed.user() != null) {
                    properties.put("datasources.default.username", parsed.user());
                }
                if (parsed.password() != null) {
                    properties.put("datasources.default.password", parsed.password());
                }
            } catch (IllegalArgumentException e) {
                in.problem(e.getMessage());
            }
        }
        int port = in.port("MGW_CONTROL_PLANE_PORT", DEFAULT_PORT);
        // Micronaut spells "any free port" as -1.
        properties.put("micronaut.server.port", port == 0 ? -1 : port);
        putIfSet(in, "MGW_BIND_HOST", "micronaut.server.host", properties);
        putIfSet(in, "REDIS_URL", "mgw.redis-url", properties);
        putIfSet(in, "MGW_PUBLIC_WS_BASE", "mgw.public-ws-base", properties);
        putIfSet(in, "MGW_DEPLOY_DRIVER", "mgw.deploy-driver", properties);
        putIfSet(in, "MGW_RUNTIME_URL", "mgw.runtime-url", properties);
        putIfSet(in, "MGW_EVENTS_STREAM", "mgw.events.stream", properties);
        putIfSet(in, "MGW_SCHEDULE_POLL_INTERVAL", "mgw.schedule-poll-interval", properties);
        putIfSet(in, "MGW_RUN_REAPER_INTERVAL", "mgw.runs.reaper-interval", properties);
        putIfSet(in, "MGW_RUN_LOST_AFTER", "mgw.runs.lost-after", properties);
        putIfSet(in, "MGW_EVENTS_CONSUMER", "mgw.events.consumer", properties);
        putIfSet(in, "MGW_KUBERNETES_NAMESPACE", "mgw.kubernetes.namespace", properties);
        putIfSet(in, "MGW_RUNTIME_IMAGE", "mgw.kubernetes.runtime-image", properties);
        putIfSet(in, "MGW_RUNTIME_IMAGE_PULL_POLICY", "mgw.kubernetes.image-pull-policy", properties);
        putIfSet(in, "MGW_IMAGE_PULL_SECRETS", "mgw.kubernetes.image-pull-secrets", properties);
        putIfSet(in, "MGW_RUNTIME_DEFAULT_CPU", "mgw.kubernetes.default-cpu", properties);
        putIfSet(in, "MGW_RUNTIME_DEFAULT_MEMORY", "mgw.kubernetes.default-memory", properties);
        putIfSet(in, "MGW_RUNTIME_DEFAULT_DISK", "mgw.kubernetes.default-disk", properties);
        putIfSet(in, "MGW_GPU_NODE_LABEL", "mgw.kubernetes.gpu-node-label", properties);
        putIfSet(in, "MGW_KUBERNETES_SECRET", "mgw.kubernetes.secret-name", properties);
        putIfSet(in, "MGW_RUNTIME_SERVICE_ACCOUNT", "mgw.kubernetes.service-account", properties);
        putIfSet(in, "MGW_LIFECYCLE_INTERVAL", "mgw.lifecycle.interval", properties);
        properties.put("mgw.ws-token-ttl-seconds", in.integer("MGW_WS_TOKEN_TTL_SECONDS", 120, 10, 3600));
        properties.put("mgw.ephemeral-ttl-seconds", in.integer("MGW_EPHEMERAL_TTL_SECONDS", 600, 30, 86_400));
        // The flow run streaming document caps a run at 300 s: lower is allowed, higher is a start error.
        if (in.string("MGW_FLOW_STREAM_MAX_SECONDS", null) != null) {
            properties.put("mgw.run-streams.flow-max-duration",
                    in.integer("MGW_FLOW_STREAM_MAX_SECONDS", 300, 1, 300) + "s");
        }
        if (in.string("MGW_STREAM_HEARTBEAT", null) != null) {
            properties.put("mgw.run-streams.heartbeat", in.duration("MGW_STREAM_HEARTBEAT", Duration.ofSeconds(15),
                    Duration.ofSeconds(1), Duration.ofMinutes(5)).toMillis() + "ms");
        }
        if (in.string("MGW_LOGIN_SESSION_TTL", null) != null) {
            properties.put("mgw.login.ttl", in.duration("MGW_LOGIN_SESSION_TTL", Duration.ofHours(12),
                    Duration.ofMinutes(1), Duration.ofDays(30)).toSeconds() + "s");
        }
        String cookieSecure = in.string("MGW_SESSION_COOKIE_SECURE", null);
        if (cookieSecure != null) {
            if (cookieSecure.equalsIgnoreCase("true") || cookieSecure.equalsIgnoreCase("false")) {
                properties.put("mgw.login.cookie-secure", Boolean.parseBoolean(cookieSecure));
            } else {
                in.problem("MGW_SESSION_COOKIE_SECURE: must be true or false");
            }
        }
        // Optional, so not EnvReader.secret (which requires a value); never echoed either way.
        String bootstrap = env.get("MGW_BOOTSTRAP_API_KEY");
        if (bootstrap != null && !bootstrap.isBlank()) {
            if (bootstrap.length() < MIN_BOOTSTRAP_API_KEY_CHARS) {
                in.problem("MGW_BOOTSTRAP_API_KEY: must be at least " + MIN_BOOTSTRAP_API_KEY_CHARS + " characters");
            }
            properties.put("mgw.bootstrap-api-key", bootstrap);
        }
        properties.put("mgw.jwt-secret", in.secret("MGW_JWT_SECRET", MIN_SECRET_BYTES, "the HS256 secret that signs ws_tokens"));
        properties.put("mgw.service-token", in.secret("MGW_SERVICE_TOKEN", MIN_SECRET_BYTES,
                "the token gateways and runtimes present to /internal/v1"));
        properties.put("mgw.secret-key", in.secret("MGW_SECRET_KEY", MIN_SECRET_BYTES,
                "the key that encrypts stored provider credentials"));
        if (in.string("MGW_MAX_REQUEST_BYTES", null) != null) {
            properties.put("micronaut.server.max-request-size",
                    (long) in.integer("MGW_MAX_REQUEST_BYTES", MAX_REQUEST_BYTES, MIN_REQUEST_BYTES, MAX_REQUEST_BYTES));
        }
        in.throwIfProblems("control-plane");
        return properties;
    }

    private static void putIfSet(EnvReader in, String name, String property, Map<String, Object> properties) {
        String value = in.string(name, null);
        if (value != null) {
            properties.put(property, value);
        }
    }
}
