package io.mgw.controlplane.config;

import io.mgw.adapters.contract.DatabaseUrl;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the control plane's environment variables (the only place that does) into Micronaut properties,
 * validating them all and reporting every problem at once.
 */
public final class ControlPlaneEnvironment {

    public static final int DEFAULT_PORT = 8080;
    public static final int MIN_SECRET_BYTES = 32;

    private ControlPlaneEnvironment() {
    }

    public static Map<String, Object> toProperties(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> properties = new HashMap<>();

        String databaseUrl = env.get("DATABASE_URL");
        if (databaseUrl == null || databaseUrl.isBlank()) {
            problems.add("DATABASE_URL is not set (bin/mgw starts an embedded PostgreSQL when it is unset)");
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
                problems.add(e.getMessage());
            }
        }
        int port = port(env, "MGW_CONTROL_PLANE_PORT", DEFAULT_PORT, problems);
        // Micronaut spells "any free port" as -1.
        properties.put("micronaut.server.port", port == 0 ? -1 : port);
        putIfSet(env, "MGW_BIND_HOST", "micronaut.server.host", properties);
        putIfSet(env, "REDIS_URL", "mgw.redis-url", properties);
        putIfSet(env, "MGW_PUBLIC_WS_BASE", "mgw.public-ws-base", properties);
        putIfSet(env, "MGW_DEPLOY_DRIVER", "mgw.deploy-driver", properties);
        String bootstrap = env.get("MGW_BOOTSTRAP_API_KEY");
        if (bootstrap != null && !bootstrap.isBlank()) {
            if (bootstrap.length() < 16) {
                problems.add("MGW_BOOTSTRAP_API_KEY must be at least 16 characters");
            }
            properties.put("mgw.bootstrap-api-key", bootstrap);
        }
        secret(env, "MGW_JWT_SECRET", "mgw.jwt-secret", properties, problems);
        secret(env, "MGW_SERVICE_TOKEN", "mgw.service-token", properties, problems);
        secret(env, "MGW_SECRET_KEY", "mgw.secret-key", properties, problems);
        String maxRequest = env.get("MGW_MAX_REQUEST_BYTES");
        if (maxRequest != null && !maxRequest.isBlank()) {
            try {
                long bytes = Long.parseLong(maxRequest.trim());
                if (bytes < 1024 || bytes > 64L * 1024 * 1024) {
                    problems.add("MGW_MAX_REQUEST_BYTES must be between 1024 and 67108864, got " + maxRequest);
                }
                properties.put("micronaut.server.max-request-size", bytes);
            } catch (NumberFormatException e) {
                problems.add("MGW_MAX_REQUEST_BYTES must be an integer, got '" + maxRequest + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return properties;
    }

    private static void putIfSet(Map<String, String> env, String name, String property, Map<String, Object> properties) {
        String value = env.get(name);
        if (value != null && !value.isBlank()) {
            properties.put(property, value.trim());
        }
    }

    private static void secret(Map<String, String> env, String name, String property,
                               Map<String, Object> properties, List<String> problems) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            problems.add(name + " is not set (bin/mgw generates one and keeps it in MGW_DATA_DIR)");
        } else if (value.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            problems.add(name + " must be at least " + MIN_SECRET_BYTES + " bytes");
        } else {
            properties.put(property, value);
        }
    }

    static int port(Map<String, String> env, String name, int fallback, List<String> problems) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 0 || port > 65535) {
                problems.add(name + " must be a port between 0 and 65535, got " + value);
            }
            return port;
        } catch (NumberFormatException e) {
            problems.add(name + " must be an integer port, got '" + value + "'");
            return fallback;
        }
    }
}
