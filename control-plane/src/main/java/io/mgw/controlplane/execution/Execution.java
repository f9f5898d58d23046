package io.mgw.controlplane.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.UUID;

/**
 * A workflow run (a row of {@code executions}): who started it, how, and how it ended. The runtime reports its
 * progress as {@code execution.event}s; {@link ExecutionEventHandler} moves {@code status} along.
 *
 * @param triggerKind   execute, api, http, queue, email, event, chat (the table's check list)
 * @param triggerSource the caller's label (trigger_type of trigger, source of enqueue and events)
 * @param chatId        the chat the run was started in, or null
 */
public record Execution(
        UUID id,
        String organizationId,
        String workflowId,
        @Nullable String deploymentId,
        @Nullable String userId,
        String triggerKind,
        @Nullable String triggerSource,
        @Nullable String environment,
        String status,
        JsonNode inputs,
        @Nullable JsonNode outputs,
        @Nullable String error,
        @Nullable JsonNode definition,
        Instant createdAt,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt,
        @Nullable UUID chatId) {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String TIMED_OUT = "timed_out";

    /** A new run, queued, created now. */
    public static Execution queued(String organizationId, String workflowId, @Nullable String deploymentId,
                                   @Nullable String userId, String triggerKind, @Nullable String triggerSource,
                                   @Nullable String environment, JsonNode inputs, @Nullable JsonNode definition,
                                   Instant now) {
        return new Execution(UUID.randomUUID(), organizationId, workflowId, deploymentId, userId, triggerKind,
                triggerSource, environment, QUEUED, inputs, null, null, definition, now, null, null, null);
    }

    /** This run, started in {@code chat}. */
    public Execution inChat(UUID chat) {
        return new Execution(id, organizationId, workflowId, deploymentId, userId, triggerKind, triggerSource,
                environment, status, inputs, outputs, error, definition, createdAt, startedAt, finishedAt, chat);
    }

    /** Whether the run has ended (completed, failed, cancelled or timed out). */
    public boolean finished() {
        return finishedAt != null;
    }
}
