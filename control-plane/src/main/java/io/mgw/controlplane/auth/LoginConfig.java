package io.mgw.controlplane.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * Browser login settings ({@code mgw.login.*}; defaults in {@code application.yml}).
 *
 * @param ttl          how long a login session lives (absolute, from login)
 * @param cookieSecure whether the session cookie is marked {@code Secure} (on whenever the public host is HTTPS)
 */
@ConfigurationProperties("mgw.login")
public record LoginConfig(Duration ttl, boolean cookieSecure) {

    public LoginConfig {
        if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofDays(30)) > 0) {
            throw new IllegalArgumentException("mgw.login.ttl must be within 1s..30d");
        }
    }
}
