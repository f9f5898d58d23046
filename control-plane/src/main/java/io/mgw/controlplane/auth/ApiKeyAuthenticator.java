package io.mgw.controlplane.auth;

import io.micronaut.core.annotation.Nullable;
import io.mgw.controlplane.account.ApiKey;
import io.mgw.controlplane.account.ApiKeyRepository;
import io.mgw.controlplane.account.User;
import io.mgw.controlplane.account.UserRepository;
import io.mgw.controlplane.error.ApiException;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Turns a presented API key into a {@link Caller}. Nothing is cached, so a revoked key or a deleted user fails
 * on the very next request.
 */
@Singleton
public class ApiKeyAuthenticator {

    /** last_used_at is refreshed at most this often per key, so authentication is not a write per request. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private final ApiKeyRepository keys;
    private final UserRepository users;
    private final Clock clock;

    public ApiKeyAuthenticator(ApiKeyRepository keys, UserRepository users, Clock clock) {
        this.keys = keys;
        this.users = users;
        this.clock = clock;
    }

    public Caller authenticate(@Nullable String presented) {
        if (presented == null || presented.isEmpty()) {
            throw ApiException.unauthorized("missing X-API-Key header");
        }
        if (!ApiKeySecrets.wellFormed(presented)) {
            throw ApiException.unauthorized("malformed API key");
        }
        ApiKey key = keys.findByKeyHash(ApiKeySecrets.hash(presented))
                .orElseThrow(() -> ApiException.unauthorized("unknown API key"));
        Caller caller = actAs(key, key.scopes());
        Instant now = clock.instant();
        if (key.lastUsedAt() == null || key.lastUsedAt().plus(LAST_USED_RESOLUTION).isBefore(now)) {
            keys.markUsed(key.id(), now);
        }
        return caller;
    }

    /**
     * The caller a key acts as right now, holding at most {@code scopes} (a login session passes the scopes it was
     * made with): 401 when the key is revoked or expired or its user is gone.
     */
    Caller actAs(ApiKey key, String[] scopes) {
        Instant now = clock.instant();
        if (key.revoked()) {
            throw ApiException.unauthorized("API key has been revoked");
        }
        if (key.expiresAt() != null && !key.expiresAt().isAfter(now)) {
            throw ApiException.unauthorized("API key has expired");
        }
        User user = users.findById(key.userId()).filter(u -> !u.deleted())
                .orElseThrow(() -> ApiException.unauthorized("the user of this API key no longer exists"));
        Role role = user.roleValue();
        // A key keeps only what its user's current role still allows, so a demotion takes effect at once.
        Set<Scope> allowed = role.limit(scopes);
        return new Caller(key.id(), user.id(), user.organizationId(), role, user.platformAdmin(), allowed);
    }

    /** The stored key by id (a login session's key). */
    java.util.Optional<ApiKey> key(String id) {
        return keys.findById(id);
    }
}
