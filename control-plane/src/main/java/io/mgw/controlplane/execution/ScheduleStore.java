package io.mgw.controlplane.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.contract.workflow.GraphNode;
import io.mgw.adapters.contract.workflow.WorkflowGraphJson;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code schedule_triggers}: one row per schedule-trigger node of every live production deployment of a batch
 * workflow, with the time it fires next. {@link #claimDue} takes due rows with {@code FOR UPDATE SKIP LOCKED} and
 * moves them past now in the transaction that records the run, so two control planes never fire one schedule twice.
 */
@Singleton
@Transactional
public class ScheduleStore {

    private static final Logger log = LoggerFactory.getLogger(ScheduleStore.class);
    static final String NODE_TYPE = "schedule-trigger";

    private final JdbcOperations jdbc;
    private final ExecutionRepository executions;
    private final ObjectMapper json;
    /** Schedules already reported as unusable, so each is logged once. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    public ScheduleStore(JdbcOperations jdbc, ExecutionRepository executions, ObjectMapper json) {
        this.jdbc = jdbc;
        this.executions = executions;
        this.json = json;
    }

    /** A claimed fire whose run was recorded (queued) and now goes to the deployment's pod. */
    public record Fire(String deploymentId, String nodeId, String organizationId, String workflowId, Instant dueAt,
                       UUID executionId, JsonNode inputs) {
    }

    private record Schedule(String deploymentId, String nodeId, String organizationId, String workflowId,
                            ScheduleCron cron) {
    }

    /** Brings the rows in line with the deployments' definitions: new schedules, changed crons, removed ones. */
    public void sync(Instant now) {
        List<Schedule> schedules = jdbc.prepareStatement("SELECT d.id, d.organization_id, d.workflow_id, d.definition"
                + " FROM deployments d JOIN workflows w ON w.id = d.workflow_id WHERE d.environment = 'production'"
                + " AND NOT d.ephemeral AND d.status IN ('pending', 'ready', 'stopped') AND w.workflow_type = 'batch'"
                + " AND d.definition::text LIKE '%" + NODE_TYPE + "%'", s -> {
            List<Schedule> found = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.addAll(schedules(rs.getString(1), rs.getString(2), rs.getString(3), executions.parse(rs.getString(4))));
                }
            }
            return found;
        });
        for (Schedule schedule : schedules) {
            jdbc.prepareStatement("INSERT INTO schedule_triggers (deployment_id, node_id, organization_id, workflow_id, cron,"
                    + " timezone, next_fire_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (deployment_id, node_id) DO UPDATE"
                    + " SET cron = EXCLUDED.cron, timezone = EXCLUDED.timezone, next_fire_at = EXCLUDED.next_fire_at,"
                    + " updated_at = now() WHERE schedule_triggers.cron <> EXCLUDED.cron"
                    + " OR schedule_triggers.timezone <> EXCLUDED.timezone", s -> {
                s.setString(1, schedule.deploymentId());
                s.setString(2, schedule.nodeId());
                s.setString(3, schedule.organizationId());
                s.setString(4, schedule.workflowId());
                s.setString(5, schedule.cron().expression());
                s.setString(6, schedule.cron().zone().getId());
                s.setTimestamp(7, Timestamp.from(schedule.cron().nextAfter(now)));
                return s.executeUpdate();
            });
        }
        String[] keep = schedules.stream().map(s -> s.deploymentId() + "/" + s.nodeId()).toArray(String[]::new);
        jdbc.prepareStatement("DELETE FROM schedule_triggers WHERE NOT (deployment_id || '/' || node_id = ANY (?))", s -> {
            s.setArray(1, s.getConnection().createArrayOf("text", keep));
            return s.executeUpdate();
        });
    }

    /**
     * Claims up to {@code limit} schedules due at {@code now}, moves each to its next fire after now, and records a
     * queued run for those whose deployment is ready and workflow active (fires due meanwhile are skipped, not caught
     * up). Returns the recorded fires.
     */
    public List<Fire> claimDue(Instant now, int limit) {
        record Due(String deploymentId, String nodeId, String organizationId, String workflowId, String cron,
                   String timezone, Instant dueAt, boolean runnable) {
        }
        List<Due> due = jdbc.prepareStatement("SELECT st.deployment_id, st.node_id, st.organization_id, st.workflow_id,"
                + " st.cron, st.timezone, st.next_fire_at, (d.status = 'ready' AND w.status = 'active')"
                + " FROM schedule_triggers st JOIN deployments d ON d.id = st.deployment_id"
                + " JOIN workflows w ON w.id = st.workflow_id WHERE st.next_fire_at <= ?"
                + " ORDER BY st.next_fire_at LIMIT ? FOR UPDATE OF st SKIP LOCKED", s -> {
            s.setTimestamp(1, Timestamp.from(now));
            s.setInt(2, limit);
            List<Due> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Due(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getBoolean(8)));
                }
            }
            return rows;
        });
        List<Fire> fires = new ArrayList<>();
        for (Due row : due) {
            ScheduleCron cron = ScheduleCron.parse(row.cron(), row.timezone());
            Instant next = cron.nextAfter(now.isAfter(row.dueAt()) ? now : row.dueAt());
            UUID executionId = null;
            if (row.runnable()) {
                ObjectNode inputs = json.createObjectNode().put("scheduled_at", row.dueAt().toString())
                        .put("fired_at", now.toString()).put("cron", row.cron()).put("timezone", row.timezone())
                        .put("node_id", row.nodeId());
                Execution execution = Execution.queued(row.organizationId(), row.workflowId(), row.deploymentId(), null,
                        "schedule", row.nodeId(), "production", inputs, null, now);
                executions.insert(execution);
                executionId = execution.id();
                fires.add(new Fire(row.deploymentId(), row.nodeId(), row.organizationId(), row.workflowId(), row.dueAt(),
                        executionId, inputs));
            }
            UUID fired = executionId;
            jdbc.prepareStatement("UPDATE schedule_triggers SET next_fire_at = ?, last_fired_at = COALESCE(?, last_fired_at),"
                    + " last_execution_id = COALESCE(?, last_execution_id), updated_at = now()"
                    + " WHERE deployment_id = ? AND node_id = ?", s -> {
                s.setTimestamp(1, Timestamp.from(next));
                s.setTimestamp(2, fired == null ? null : Timestamp.from(now));
                s.setObject(3, fired);
                s.setString(4, row.deploymentId());
                s.setString(5, row.nodeId());
                return s.executeUpdate();
            });
        }
        return fires;
    }

    private List<Schedule> schedules(String deploymentId, String organizationId, String workflowId, JsonNode definition) {
        List<Schedule> found = new ArrayList<>();
        if (definition == null || !definition.path("nodes").isArray()) {
            return found;
        }
        for (GraphNode node : WorkflowGraphJson.readNodes(definition.get("nodes"), "nodes")) {
            if (!NODE_TYPE.equals(node.type())) {
                continue;
            }
            try {
                ScheduleCron cron = ScheduleCron.parse(node.config().path("cron").asText(null),
                        node.config().path("timezone").asText(null));
                found.add(new Schedule(deploymentId, node.id(), organizationId, workflowId, cron));
            } catch (IllegalArgumentException e) {
                if (reported.add(deploymentId + "/" + node.id())) {
                    log.warn("deployment {}: schedule trigger {} never fires: {}", deploymentId, node.id(), e.getMessage());
                }
            }
        }
        return found;
    }
}
