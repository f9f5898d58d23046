package io.mgw.controlplane.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * The control plane's typed settings ({@code mgw.*}), filled from {@link ControlPlaneEnvironment} or test properties.
 *
 * @param redisUrl        Redis for the pod registry, control channel and events
 * @param publicWsBase    the public base of the gateway's WebSocket URLs ({@code ws_url})
 * @param jwtSecret       HS256 secret of ws_token
 * @param serviceToken    token of the internal API used by gateways and runtimes
 * @param secretKey       encrypts stored provider credentials
 * @param bootstrapApiKey the platform admin's key, or null to generate one on first start
 * @param deployDriver    {@code local} or {@code kubernetes}
 * @param runtimeUrl      the local runtime's internal API base (local driver)
 * @param wsTokenTtlSeconds lifetime of a ws_token
 * @param ephemeralTtlSeconds how long an ephemeral (dev-run) deployment may idle before it is reaped
 */
@ConfigurationProperties("mgw")
public record ControlPlaneConfig(
        String redisUrl,
        String publicWsBase,
        String jwtSecret,
        String serviceToken,
        String secretKey,
        @Nullable String bootstrapApiKey,
        String deployDriver,
        String runtimeUrl,
        int wsTokenTtlSeconds,
        int ephemeralTtlSeconds) {
}
