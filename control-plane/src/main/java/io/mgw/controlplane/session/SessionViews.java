package io.mgw.controlplane.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.mgw.controlplane.session.history.Handoff;
import java.time.Instant;
import java.util.List;

/** JSON shapes of the streaming sessions API; names are the API document's (snake_case and camelCase mixed). */
public final class SessionViews {

    private SessionViews() {
    }

    /** The Streaming Session object. Call fields appear only for agent-stream calls. */
    public record SessionView(
            @JsonProperty("session_id") String sessionId,
            @JsonProperty("workflow_id") String workflowId,
            @JsonProperty("deployment_id") @Nullable String deploymentId,
            String status,
            @Nullable String ownerId,
            String organizationId,
            JsonNode metadata,
            @Nullable String correlationId,
            @Nullable String dispositionSchemaVersion,
            @Nullable Integer estimatedDurationSeconds,
            @JsonProperty("started_at") Instant startedAt,
            @JsonProperty("ready_at") @Nullable Instant readyAt,
            @JsonProperty("ended_at") @Nullable Instant endedAt,
            @JsonProperty("end_reason") @Nullable String endReason,
            @JsonProperty("ws_url") String wsUrl,
            @JsonProperty("ws_token") @Nullable String wsToken,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable CallView call) {
    }

    /** The telephony side of a session admitted through the agent stream. */
    public record CallView(@JsonProperty("call_type") String callType, @JsonProperty("call_id") String callId,
                           @JsonProperty("caller_number") String callerNumber,
                           @JsonProperty("called_number") String calledNumber, String provider,
                           @JsonProperty("provider_identifiers") JsonNode providerIdentifiers,
                           @JsonProperty("close_code") Integer closeCode,
                           @JsonProperty("close_reason") String closeReason) {
    }

    /** {@code POST /api/v1/streaming-sessions}. */
    public record SessionCreated(@JsonProperty("session_id") String sessionId, @JsonProperty("ws_url") String wsUrl,
                                 @JsonProperty("ws_token") String wsToken) {
    }

    /** {@code POST /inject}. */
    public record Injected(boolean injected) {
    }

    /** {@code GET /handoffs}. */
    public record Handoffs(List<Handoff> handoffs) {
    }
}
