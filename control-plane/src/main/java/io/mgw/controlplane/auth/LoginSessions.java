package io.mgw.controlplane.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.mgw.controlplane.account.ApiKey;
import io.mgw.controlplane.error.ApiException;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Browser logins: a login with an API key makes a server-side session (only the token's hash is stored) and a
 * cookie carrying the token; every request with the cookie checks the session, its key and its user again, so a
 * logout, a revoked key or a deleted user ends it on the next request.
 */
@Singleton
public class LoginSessions {

    /** The cookie's name. */
    public static final String COOKIE = "mgw_session";
    /** The cookie is sent only to the API. */
    static final String COOKIE_PATH = "/api";
    private static final Duration LAST_SEEN_RESOLUTION = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final LoginSessionRepository sessions;
    private final ApiKeyAuthenticator keys;
    private final LoginConfig config;
    private final Clock clock;

    public LoginSessions(LoginSessionRepository sessions, ApiKeyAuthenticator keys, LoginConfig config, Clock clock) {
        this.sessions = sessions;
        this.keys = keys;
        this.config = config;
        this.clock = clock;
    }

    /** A new session and its token. */
    public record Started(LoginSession session, String token) {
    }

    /** Logs the key's caller in: a session holding the caller's current scopes, expiring after the configured TTL. */
    public Started login(Caller caller) {
        Instant now = clock.instant();
        sessions.deleteExpiredBefore(now.minus(Duration.ofDays(1)));
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        LoginSession session = sessions.save(new LoginSession(UUID.randomUUID(), caller.organizationId(), caller.userId(),
                ApiKeySecrets.hash(token), now, now.plus(config.ttl()), null, null, caller.keyId(),
                Scope.wireNames(caller.scopes())));
        return new Started(session, token);
    }

    /** The caller a session cookie's token stands for; 401 when it is missing, unknown, ended, or its key is. */
    public Caller authenticate(@Nullable String token) {
        if (token == null || token.isEmpty()) {
            throw ApiException.unauthorized("missing session: log in (POST /api/auth/login) or send an X-API-Key header");
        }
        if (!ApiKeySecrets.wellFormed(token)) {
            throw ApiException.unauthorized("malformed session cookie");
        }
        LoginSession session = sessions.findByTokenHash(ApiKeySecrets.hash(token))
                .orElseThrow(() -> ApiException.unauthorized("unknown session; log in again"));
        Instant now = clock.instant();
        if (session.revokedAt() != null) {
            throw ApiException.unauthorized("this session was logged out");
        }
        if (!session.expiresAt().isAfter(now)) {
            throw ApiException.unauthorized("this session has expired; log in again");
        }
        ApiKey key = session.apiKeyId() == null ? null : keys.key(session.apiKeyId()).orElse(null);
        if (key == null) {
            throw ApiException.unauthorized("the API key of this session no longer exists");
        }
        Caller caller = keys.actAs(key, session.scopes());
        if (session.lastSeenAt() == null || session.lastSeenAt().plus(LAST_SEEN_RESOLUTION).isBefore(now)) {
            sessions.markSeen(session.id(), now);
        }
        return new Caller(caller.keyId(), caller.userId(), caller.organizationId(), caller.role(), caller.platformAdmin(),
                caller.scopes(), session.id());
    }

    /** Ends the caller's session (a no-op for a key caller). */
    public void logout(Caller caller) {
        if (caller.loginSessionId() != null) {
            sessions.revoke(caller.loginSessionId(), clock.instant());
        }
    }

    /** The cookie that carries a new session: HttpOnly, SameSite=Strict, only for {@code /api}. */
    public Cookie cookie(Started started) {
        return base(started.token()).maxAge(Duration.between(clock.instant(), started.session().expiresAt()));
    }

    /** A cookie that makes the browser drop the session cookie. */
    public Cookie expiredCookie() {
        return base("").maxAge(0);
    }

    private Cookie base(String value) {
        return Cookie.of(COOKIE, value).httpOnly(true).sameSite(SameSite.Strict).path(COOKIE_PATH)
                .secure(config.cookieSecure());
    }
}
