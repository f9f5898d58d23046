package io.mgw.controlplane.account;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A workspace of an organization; every organization has a default one. */
@MappedEntity("workspaces")
public record Workspace(@Id String id, String organizationId, String name, boolean isDefault, Instant createdAt,
                        Instant updatedAt) {
}
