package io.mgw.controlplane.execution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.contract.events.RunEventType;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code executions} and {@code execution_events}, in plain SQL (jsonb columns, {@code ON CONFLICT} idempotency).
 * Each public method runs in a transaction, joining the caller's when there is one.
 */
@Singleton
@Transactional
public class ExecutionRepository {

    private static final String COLUMNS = "id, organization_id, workflow_id, deployment_id, user_id, trigger_kind,"
            + " trigger_source, environment, status, inputs, outputs, error, definition, created_at, started_at, finished_at,"
            + " chat_id";

    private final JdbcOperations jdbc;
    private final ObjectMapper json;

    public ExecutionRepository(JdbcOperations jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** One stored run event, in seq order. */
    public record StoredEvent(long seq, String eventType, JsonNode payload, Instant occurredAt) {
    }

    /** How far a run has got: its status, whether it ended, and the highest seq stored for it. */
    public record Progress(String status, boolean finished, long lastEventSeq) {
    }

    public void insert(Execution e) {
        jdbc.prepareStatement("INSERT INTO executions (" + COLUMNS + ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " CAST(? AS jsonb), CAST(? AS jsonb), ?, CAST(? AS jsonb), ?, ?, ?, ?, ?)", s -> {
            s.setObject(1, e.id());
            s.setString(2, e.organizationId());
            s.setString(3, e.workflowId());
            s.setString(4, e.deploymentId());
            s.setString(5, e.userId());
            s.setString(6, e.triggerKind());
            s.setString(7, e.triggerSource());
            s.setString(8, e.environment());
            s.setString(9, e.status());
            s.setString(10, write(e.inputs()));
            s.setString(11, write(e.outputs()));
            s.setString(12, e.error());
            s.setString(13, write(e.definition()));
            s.setTimestamp(14, Timestamp.from(e.createdAt()));
            s.setTimestamp(15, e.startedAt() == null ? null : Timestamp.from(e.startedAt()));
            s.setTimestamp(16, e.finishedAt() == null ? null : Timestamp.from(e.finishedAt()));
            s.setObject(17, e.chatId());
            s.setTimestamp(18, Timestamp.from(e.createdAt()));
            return s.executeUpdate();
        });
    }

    public Optional<Execution> find(UUID id) {
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM executions WHERE id = ?", s -> {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.<Execution>empty();
            }
        });
    }

    /**
     * Marks a run that never reached a runtime as failed (no events will come for it from a runtime), with the
     * closing {@code run_failed} event its watchers end on.
     */
    public void failUnstarted(UUID id, String error, Instant now) {
        int updated = jdbc.prepareStatement("UPDATE executions SET status = 'failed', error = ?, finished_at = ?,"
                + " updated_at = ? WHERE id = ? AND status = 'queued'", s -> {
            s.setString(1, error);
            s.setTimestamp(2, Timestamp.from(now));
            s.setTimestamp(3, Timestamp.from(now));
            s.setObject(4, id);
            return s.executeUpdate();
        });
        if (updated == 1) {
            appendRunFailed(id, error, now);
        }
    }

    /** Marks a run whose runtime was lost as failed, with the closing {@code run_failed} event no runtime will send. */
    public void failLost(UUID id, String error, Instant now) {
        if (markFinished(id, Execution.FAILED, null, error, now)) {
            appendRunFailed(id, error, now);
        }
    }

    /** A {@code run_failed} after the run's last stored event: live run streams end on it as on a runtime's own. */
    private void appendRunFailed(UUID id, String error, Instant at) {
        long next = jdbc.prepareStatement("SELECT last_event_seq + 1 FROM executions WHERE id = ?", s -> {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 1L;
            }
        });
        ObjectNode payload = JsonNodeFactory.instance.objectNode().put("runId", id.toString()).put("error", error);
        storeEvent(id, next, RunEventType.RUN_FAILED.wireName(), payload, at);
    }

    /** Stores one run event once per (execution, seq); true when it was new. */
    public boolean storeEvent(UUID executionId, long seq, String eventType, JsonNode payload, Instant at) {
        boolean inserted = jdbc.prepareStatement("INSERT INTO execution_events (execution_id, seq, event_type, payload,"
                + " occurred_at) VALUES (?, ?, ?, CAST(? AS jsonb), ?) ON CONFLICT (execution_id, seq) DO NOTHING", s -> {
            s.setObject(1, executionId);
            s.setLong(2, seq);
            s.setString(3, eventType);
            s.setString(4, write(payload));
            s.setTimestamp(5, Timestamp.from(at));
            return s.executeUpdate() == 1;
        });
        if (inserted) {
            jdbc.prepareStatement("UPDATE executions SET last_event_seq = GREATEST(last_event_seq, ?) WHERE id = ?", s -> {
                s.setLong(1, seq);
                s.setObject(2, executionId);
                return s.executeUpdate();
            });
        }
        return inserted;
    }

    /** queued -> running (a later or repeated start changes nothing). */
    public void markRunning(UUID id, Instant at) {
        jdbc.prepareStatement("UPDATE executions SET status = 'running', started_at = COALESCE(started_at, ?),"
                + " updated_at = now() WHERE id = ? AND status = 'queued'", s -> {
            s.setTimestamp(1, Timestamp.from(at));
            s.setObject(2, id);
            return s.executeUpdate();
        });
    }

    /** queued/running -> completed or failed, with the output or the error; true when this call ended the run. */
    public boolean markFinished(UUID id, String status, JsonNode output, String error, Instant at) {
        return jdbc.prepareStatement("UPDATE executions SET status = ?, outputs = CAST(? AS jsonb), error = ?,"
                + " started_at = COALESCE(started_at, ?), finished_at = ?, updated_at = now()"
                + " WHERE id = ? AND status IN ('queued', 'running')", s -> {
            s.setString(1, status);
            s.setString(2, write(output));
            s.setString(3, error);
            s.setTimestamp(4, Timestamp.from(at));
            s.setTimestamp(5, Timestamp.from(at));
            s.setObject(6, id);
            return s.executeUpdate() == 1;
        });
    }

    /** A run whose delivery is to be tried again: back to queued (its events so far stay). */
    public void requeue(UUID id) {
        jdbc.prepareStatement("UPDATE executions SET status = 'queued', updated_at = now()"
                + " WHERE id = ? AND status IN ('queued', 'running')", s -> {
            s.setObject(1, id);
            return s.executeUpdate();
        });
    }

    /**
     * Runs that should be on a runtime by now: queued (handed over, not waiting in the durable queue) or running,
     * created, started and (queue runs) last delivered before {@code cutoff}; oldest first, at most {@code limit}.
     */
    public List<UUID> handedOverBefore(Instant cutoff, int limit) {
        return jdbc.prepareStatement("SELECT e.id FROM executions e WHERE e.status IN ('queued', 'running')"
                + " AND GREATEST(COALESCE(e.started_at, e.created_at), COALESCE((SELECT q.updated_at FROM queue_messages q"
                + " WHERE q.execution_id = e.id), e.created_at)) < ? AND NOT EXISTS (SELECT 1 FROM queue_messages q"
                + " WHERE q.execution_id = e.id AND q.status = 'queued') ORDER BY e.created_at LIMIT ?", s -> {
            s.setTimestamp(1, Timestamp.from(cutoff));
            s.setInt(2, limit);
            List<UUID> ids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            return ids;
        });
    }

    /** The run's events in seq order. */
    public List<StoredEvent> events(UUID executionId) {
        return eventsAfter(executionId, 0, Integer.MAX_VALUE);
    }

    /** At most {@code limit} of the run's events with a seq above {@code afterSeq}, in seq order. */
    public List<StoredEvent> eventsAfter(UUID executionId, long afterSeq, int limit) {
        return jdbc.prepareStatement("SELECT seq, event_type, payload, occurred_at FROM execution_events"
                + " WHERE execution_id = ? AND seq > ? ORDER BY seq LIMIT ?", s -> {
            s.setObject(1, executionId);
            s.setLong(2, afterSeq);
            s.setInt(3, limit);
            List<StoredEvent> events = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    events.add(new StoredEvent(rs.getLong(1), rs.getString(2), parse(rs.getString(3)),
                            rs.getTimestamp(4).toInstant()));
                }
            }
            return events;
        });
    }

    public Optional<Progress> progress(UUID id) {
        return jdbc.prepareStatement("SELECT status, finished_at IS NOT NULL, last_event_seq FROM executions WHERE id = ?", s -> {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Progress(rs.getString(1), rs.getBoolean(2), rs.getLong(3)))
                        : Optional.<Progress>empty();
            }
        });
    }

    /** queued/running -> timed_out (the flow stream cut it off); true when this call ended it. */
    public boolean markTimedOut(UUID id, String error, Instant at) {
        return jdbc.prepareStatement("UPDATE executions SET status = 'timed_out', error = ?, finished_at = ?,"
                + " updated_at = ? WHERE id = ? AND status IN ('queued', 'running')", s -> {
            s.setString(1, error);
            s.setTimestamp(2, Timestamp.from(at));
            s.setTimestamp(3, Timestamp.from(at));
            s.setObject(4, id);
            return s.executeUpdate() == 1;
        });
    }

    /** The newest runs started in a chat, newest first. */
    public List<Execution> ofChat(UUID chatId, int limit) {
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM executions WHERE chat_id = ?"
                + " ORDER BY created_at DESC, id LIMIT ?", s -> {
            s.setObject(1, chatId);
            s.setInt(2, limit);
            List<Execution> runs = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    runs.add(read(rs));
                }
            }
            return runs;
        });
    }

    /** Ids of the organization's active batch workflows that hold an event-trigger node. */
    public List<String> activeWorkflowsWithEventTrigger(String organizationId) {
        return jdbc.prepareStatement("SELECT id FROM workflows WHERE organization_id = ? AND status = 'active'"
                + " AND workflow_type = 'batch' AND nodes @> CAST(? AS jsonb) ORDER BY created_at, id", s -> {
            s.setString(1, organizationId);
            s.setString(2, "[{\"nodeId\":\"event-trigger\"}]");
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        });
    }

    private Execution read(ResultSet rs) throws SQLException {
        return new Execution(rs.getObject("id", UUID.class), rs.getString("organization_id"), rs.getString("workflow_id"),
                rs.getString("deployment_id"), rs.getString("user_id"), rs.getString("trigger_kind"),
                rs.getString("trigger_source"), rs.getString("environment"), rs.getString("status"),
                parse(rs.getString("inputs")), parse(rs.getString("outputs")), rs.getString("error"),
                parse(rs.getString("definition")), instant(rs, "created_at"), instant(rs, "started_at"),
                instant(rs, "finished_at"), rs.getObject("chat_id", UUID.class));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    String write(JsonNode node) {
        if (node == null) {
            return null;
        }
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON did not serialize", e);
        }
    }

    JsonNode parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON did not parse", e);
        }
    }

}
