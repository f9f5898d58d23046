package io.mgw.controlplane.chat;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/** A conversation of one user in which workflow runs are started; only its owner may see it. */
@MappedEntity("chats")
public record Chat(
        @Id UUID id,
        String organizationId,
        String userId,
        @Nullable String workflowId,
        @Nullable String title,
        Instant createdAt,
        Instant updatedAt) {
}
