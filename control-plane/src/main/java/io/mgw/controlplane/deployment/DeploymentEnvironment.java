package io.mgw.controlplane.deployment;

import io.micronaut.core.annotation.Nullable;
import io.mgw.controlplane.error.ApiException;
import java.util.Locale;

/**
 * The three environments a workflow deploys to; deployments are keyed by (workflow, environment). The flow stream
 * document names them {@code Development}, {@code Test}, {@code Production} or {@code 0}, {@code 1}, {@code 2}.
 */
public enum DeploymentEnvironment {
    DEVELOPMENT,
    TEST,
    PRODUCTION;

    /** The stored value ({@code deployments.environment}, {@code executions.environment}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a name (any case) or its number; anything else is a 400 naming {@code field}.
     *
     * @param fallback the value when {@code value} is absent, or null when it is required
     */
    public static DeploymentEnvironment parse(@Nullable String value, String field, @Nullable DeploymentEnvironment fallback) {
        if (value == null || value.isEmpty()) {
            if (fallback != null) {
                return fallback;
            }
            throw ApiException.invalidField(field, field + " is required: Development, Test or Production (or 0, 1, 2)");
        }
        for (DeploymentEnvironment environment : values()) {
            if (environment.name().equalsIgnoreCase(value) || Integer.toString(environment.ordinal()).equals(value)) {
                return environment;
            }
        }
        throw ApiException.invalidField(field, field + " must be Development, Test or Production (or 0, 1, 2)");
    }
}
