package io.mgw.controlplane.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The durable queue ({@code queue_messages}): a message is stored with its run before the caller hears 201, and
 * leaves {@code queued} only once a runtime accepted the run, so no restart of control plane or runtime loses it.
 * Claims use {@code FOR UPDATE SKIP LOCKED}, so several control planes can dispatch without taking a message twice.
 */
@Singleton
@Transactional
public class QueueStore {

    /** How long a leased message waits for its run to start before it is handed out again. */
    static final Duration LEASE = Duration.ofMinutes(2);

    private final JdbcOperations jdbc;
    private final ExecutionRepository executions;

    public QueueStore(JdbcOperations jdbc, ExecutionRepository executions) {
        this.jdbc = jdbc;
        this.executions = executions;
    }

    /**
     * A message due for dispatch.
     *
     * @param lastEventSeq the last event seq its run has stored (a redelivered run continues after it)
     */
    public record Message(UUID id, String organizationId, String workflowId, UUID executionId, JsonNode payload,
                          String source, int attempts, int maxAttempts, long lastEventSeq) {
    }

    /**
     * What became of a dispatch attempt: delivered, retry later (counts as a delivery), dead-lettered, or deferred
     * (the workflow is at its queue concurrency or the runtime at its run cap: tried again shortly, not counted).
     */
    public enum Outcome { DELIVERED, RETRY, DEAD, DEFER }

    /** How long a deferred message waits before the next try. */
    static final Duration DEFER = Duration.ofSeconds(1);

    /** Stores the run and its message together; {@code maxAttempts} deliveries before it is dead-lettered. */
    @Transactional
    public void enqueue(Execution execution, JsonNode payload, int priority, String source, int maxAttempts) {
        executions.insert(execution);
        jdbc.prepareStatement("INSERT INTO queue_messages (organization_id, workflow_id, execution_id, payload, priority,"
                + " source, max_attempts) VALUES (?, ?, ?, CAST(? AS jsonb), ?, ?, ?)", s -> {
            s.setString(1, execution.organizationId());
            s.setString(2, execution.workflowId());
            s.setObject(3, execution.id());
            s.setString(4, executions.write(payload));
            s.setInt(5, priority);
            s.setString(6, source);
            s.setInt(7, maxAttempts);
            return s.executeUpdate();
        });
    }

    /** The workflow's messages delivered whose runs have not ended (its queue concurrency in use). */
    public int inProgress(String workflowId) {
        return jdbc.prepareStatement("SELECT count(*) FROM queue_messages q JOIN executions e ON e.id = q.execution_id"
                + " WHERE q.workflow_id = ? AND q.status = 'leased' AND e.status IN ('queued', 'running')", s -> {
            s.setString(1, workflowId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /**
     * A run lost with its runtime: when it came from the queue, its message is queued again for another delivery
     * while it has attempts left (the run back to queued), else dead-lettered; a run not redelivered is marked
     * failed with {@code error}. True when redelivered.
     */
    @Transactional
    public boolean runLost(UUID executionId, String error, java.time.Instant now) {
        Boolean redelivered = jdbc.prepareStatement("UPDATE queue_messages SET status = CASE WHEN attempts < max_attempts"
                + " THEN 'queued' ELSE 'dead' END, visible_at = now(), last_error = ?, updated_at = now()"
                + " WHERE execution_id = ? AND status = 'leased' RETURNING status", s -> {
            s.setString(1, error);
            s.setObject(2, executionId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? "queued".equals(rs.getString(1)) : null;
            }
        });
        if (Boolean.TRUE.equals(redelivered)) {
            executions.requeue(executionId);
            return true;
        }
        executions.failLost(executionId, error, now);
        return false;
    }

    /**
     * Claims up to {@code limit} due messages (highest priority first, then oldest) and hands each to
     * {@code dispatch} while holding its row lock; records the outcome. Returns how many were handled.
     */
    @Transactional
    public int dispatchDue(int limit, String dispatcher, Function<Message, Outcome> dispatch) {
        List<Message> due = jdbc.prepareStatement("SELECT q.id, q.organization_id, q.workflow_id, q.execution_id,"
                + " q.payload, q.source, q.attempts, q.max_attempts, COALESCE((SELECT e.last_event_seq FROM executions e"
                + " WHERE e.id = q.execution_id), 0) FROM queue_messages q"
                + " WHERE q.visible_at <= now() AND (q.status = 'queued' OR (q.status = 'leased' AND EXISTS ("
                + " SELECT 1 FROM executions e WHERE e.id = q.execution_id AND e.status = 'queued')))"
                + " ORDER BY q.priority DESC, q.created_at LIMIT ? FOR UPDATE OF q SKIP LOCKED", s -> {
            s.setInt(1, limit);
            List<Message> messages = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    messages.add(new Message(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                            rs.getObject(4, UUID.class), executions.parse(rs.getString(5)), rs.getString(6), rs.getInt(7),
                            rs.getInt(8), rs.getLong(9)));
                }
            }
            return messages;
        });
        for (Message message : due) {
            Outcome outcome;
            String error = null;
            try {
                outcome = dispatch.apply(message);
            } catch (RuntimeClient.RuntimeUnavailable e) {
                outcome = e.status() == 429 ? Outcome.DEFER
                        : message.attempts() + 1 >= message.maxAttempts() ? Outcome.DEAD : Outcome.RETRY;
                error = e.getMessage();
            } catch (RuntimeException e) {
                outcome = message.attempts() + 1 >= message.maxAttempts() ? Outcome.DEAD : Outcome.RETRY;
                error = e.getMessage();
            }
            record(message, outcome, dispatcher, error);
        }
        return due.size();
    }

    /** Ends a message once its run has ended (called with the run's terminal event). */
    public void finishFor(UUID executionId, boolean completed) {
        jdbc.prepareStatement("UPDATE queue_messages SET status = ?, completed_at = now(), updated_at = now()"
                + " WHERE execution_id = ? AND status IN ('queued', 'leased')", s -> {
            s.setString(1, completed ? "completed" : "failed");
            s.setObject(2, executionId);
            return s.executeUpdate();
        });
    }

    private void record(Message message, Outcome outcome, String dispatcher, String error) {
        String sql = switch (outcome) {
            case DELIVERED -> "UPDATE queue_messages SET status = 'leased', attempts = attempts + 1, leased_by = ?,"
                    + " last_error = ?, visible_at = now() + make_interval(secs => " + LEASE.toSeconds() + "), updated_at = now() WHERE id = ?";
            case RETRY -> "UPDATE queue_messages SET status = 'queued', attempts = attempts + 1, leased_by = ?,"
                    + " last_error = ?, visible_at = now() + make_interval(secs => LEAST(60, power(2, attempts)::int)),"
                    + " updated_at = now() WHERE id = ?";
            case DEAD -> "UPDATE queue_messages SET status = 'dead', attempts = attempts + 1, leased_by = ?,"
                    + " last_error = ?, updated_at = now() WHERE id = ?";
            case DEFER -> "UPDATE queue_messages SET status = 'queued', leased_by = ?, last_error = ?,"
                    + " visible_at = now() + make_interval(secs => " + DEFER.toSeconds() + "), updated_at = now() WHERE id = ?";
        };
        jdbc.prepareStatement(sql, s -> {
            s.setString(1, dispatcher);
            s.setString(2, error);
            s.setObject(3, message.id());
            return s.executeUpdate();
        });
        if (outcome == Outcome.DEAD) {
            executions.failUnstarted(message.executionId(), "the queued message could not be delivered: "
                    + (error == null ? "gave up" : error), java.time.Instant.now());
        }
    }
}
