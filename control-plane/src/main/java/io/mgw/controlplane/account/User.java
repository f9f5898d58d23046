package io.mgw.controlplane.account;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.mgw.controlplane.auth.Role;
import java.time.Instant;

/** A user of one organization; deleted users are kept (soft delete) so their history stays attributable. */
@MappedEntity("users")
public record User(
        @Id String id,
        String organizationId,
        String email,
        @Nullable String name,
        String role,
        boolean platformAdmin,
        @Nullable String passwordHash,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant deletedAt) {

    public Role roleValue() {
        return Role.fromWireName(role).orElse(Role.MEMBER);
    }

    public boolean deleted() {
        return deletedAt != null;
    }
}
