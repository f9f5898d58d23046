package io.mgw.controlplane.account;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import java.time.Instant;

/** An API key as stored: only the hash of its secret. */
@MappedEntity("api_keys")
public record ApiKey(
        @Id String id,
        String organizationId,
        String userId,
        @Nullable String createdBy,
        String name,
        String keyPrefix,
        String keyHash,
        @TypeDef(type = DataType.STRING_ARRAY) String[] scopes,
        boolean revoked,
        @Nullable Instant revokedAt,
        @Nullable Instant lastUsedAt,
        @Nullable Instant expiresAt,
        Instant createdAt) {
}
