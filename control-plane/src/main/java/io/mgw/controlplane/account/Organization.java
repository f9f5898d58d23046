package io.mgw.controlplane.account;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A tenant. Limits are null when unlimited. */
@MappedEntity("organizations")
public record Organization(
        @Id String id,
        String name,
        String slug,
        @Nullable Long sessionSecondsBudget,
        long sessionSecondsUsed,
        @Nullable Integer concurrentCallLimit,
        Instant createdAt,
        Instant updatedAt) {

    public Organization withLimits(@Nullable Long budget, @Nullable Integer callLimit, Instant now) {
        return new Organization(id, name, slug, budget, sessionSecondsUsed, callLimit, createdAt, now);
    }
}
