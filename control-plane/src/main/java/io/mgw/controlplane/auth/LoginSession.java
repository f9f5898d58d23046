package io.mgw.controlplane.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import java.time.Instant;
import java.util.UUID;

/**
 * A browser login as stored: only the SHA-256 of the cookie's token. It acts as the API key it was made with,
 * holding at most the scopes that key had at login.
 */
@MappedEntity("login_sessions")
public record LoginSession(
        @Id UUID id,
        String organizationId,
        String userId,
        String tokenHash,
        Instant createdAt,
        Instant expiresAt,
        @Nullable Instant lastSeenAt,
        @Nullable Instant revokedAt,
        @Nullable String apiKeyId,
        @TypeDef(type = DataType.STRING_ARRAY) String[] scopes) {
}
