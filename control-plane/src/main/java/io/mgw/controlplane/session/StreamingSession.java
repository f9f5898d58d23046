package io.mgw.controlplane.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import java.time.Instant;

/** A streaming session: an app's session socket or a provider call, from creation to its end. */
@MappedEntity("streaming_sessions")
public record StreamingSession(
        @Id String id,
        String organizationId,
        String workflowId,
        @Nullable String deploymentId,
        @Nullable String ownerId,
        String status,
        @TypeDef(type = DataType.JSON) JsonNode metadata,
        @Nullable String correlationId,
        @Nullable String dispositionSchemaVersion,
        @Nullable Integer estimatedDurationSeconds,
        @Nullable @TypeDef(type = DataType.JSON) JsonNode disposition,
        Instant startedAt,
        @Nullable Instant readyAt,
        @Nullable Instant endedAt,
        @Nullable String endReason,
        @Nullable Long billedSeconds,
        @Nullable String callType,
        @Nullable String callId,
        @Nullable String callerNumber,
        @Nullable String calledNumber,
        @Nullable String provider,
        @TypeDef(type = DataType.JSON) JsonNode providerIdentifiers,
        @Nullable String telephonyConfigurationId,
        @Nullable Integer closeCode,
        @Nullable String closeReason,
        Instant createdAt,
        Instant updatedAt) {

    public SessionState state() {
        return SessionState.fromWireName(status);
    }

    /**
     * The session moved to {@code next} at {@code at}, with the timestamps that move sets; {@code billable} false
     * ends it with nothing charged (it never carried media).
     */
    StreamingSession moved(SessionState next, @Nullable String reason, Instant at, boolean billable) {
        Instant ready = readyAt == null && next.atLeastReady() ? at : readyAt;
        Instant ended = next.terminal() ? at : endedAt;
        String why = next.terminal() ? reason : endReason;
        Long billed = next.terminal() && billedSeconds == null
                ? Long.valueOf(billable ? billableSeconds(ready, at) : 0) : billedSeconds;
        return new StreamingSession(id, organizationId, workflowId, deploymentId, ownerId, next.wireName(), metadata,
                correlationId, dispositionSchemaVersion, estimatedDurationSeconds, disposition, startedAt, ready, ended,
                why, billed, callType, callId, callerNumber, calledNumber, provider, providerIdentifiers,
                telephonyConfigurationId, closeCode, closeReason, createdAt, at);
    }

    /** Time used is counted from when the session was ready to carry media until it ended. */
    static long billableSeconds(@Nullable Instant readyAt, Instant endedAt) {
        if (readyAt == null || endedAt.isBefore(readyAt)) {
            return 0;
        }
        long millis = endedAt.toEpochMilli() - readyAt.toEpochMilli();
        return (millis + 999) / 1000;
    }

    /** The same session with a recorded close and a fresh {@code updatedAt}. */
    StreamingSession withClose(int code, @Nullable String reason, Instant at) {
        return new StreamingSession(id, organizationId, workflowId, deploymentId, ownerId, status, metadata,
                correlationId, dispositionSchemaVersion, estimatedDurationSeconds, disposition, startedAt, readyAt,
                endedAt, endReason, billedSeconds, callType, callId, callerNumber, calledNumber, provider,
                providerIdentifiers, telephonyConfigurationId, code, reason, createdAt, at);
    }
}
