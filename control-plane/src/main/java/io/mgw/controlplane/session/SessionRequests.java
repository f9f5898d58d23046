package io.mgw.controlplane.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;

/** Request bodies of the streaming sessions API. */
public final class SessionRequests {

    private SessionRequests() {
    }

    /** {@code POST /api/v1/streaming-sessions}. */
    public record CreateSession(@Nullable String workflowId, @Nullable JsonNode metadata,
                                @Nullable String dispositionSchemaVersion, @Nullable JsonNode estimatedDurationSeconds,
                                @Nullable String correlationId) {
    }

    /** {@code POST /api/v1/streaming-sessions/{id}/inject}. */
    public record Inject(@Nullable String text, @Nullable String role) {
    }
}
