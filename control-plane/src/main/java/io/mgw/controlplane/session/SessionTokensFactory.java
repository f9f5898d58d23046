package io.mgw.controlplane.session;

import io.micronaut.context.annotation.Factory;
import io.mgw.adapters.contract.WsTokenKey;
import io.mgw.adapters.contract.WsTokens;
import io.mgw.controlplane.config.ControlPlaneConfig;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/** The ws_token minter, signing with {@code MGW_JWT_SECRET}. */
@Factory
public class SessionTokensFactory {

    @Singleton
    WsTokens wsTokens(ControlPlaneConfig config, Clock clock) {
        return new WsTokens(WsTokenKey.fromSecret(config.jwtSecret()), clock,
                Duration.ofSeconds(config.wsTokenTtlSeconds()));
    }
}
