package io.mgw.controlplane.workflow;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.mgw.controlplane.auth.Caller;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The queries whose shape depends on the request: visibility-scoped lists and counts. Every value is a bind
 * parameter; the only text spliced into SQL is the whitelisted ORDER BY of {@link io.mgw.controlplane.common.SortOrder}.
 */
@Singleton
public class WorkflowQueries {

    /** A caller sees workflows they own, that are shared with them, or that are public in their organization. */
    static final String VISIBLE = "w.organization_id = ? AND NOT w.is_template AND (w.owner_id = ? OR w.is_public"
            + " OR EXISTS (SELECT 1 FROM workflow_shares s WHERE s.workflow_id = w.id AND s.user_id = ?))";

    private final JdbcOperations jdbc;

    public WorkflowQueries(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** One page of visible workflows and the total count before paging. */
    public record Page(long count, List<Workflow> items) {
    }

    @Transactional(readOnly = true)
    public Page list(Caller caller, WorkflowFilter filter) {
        List<Object> parameters = new ArrayList<>(List.of(caller.organizationId(), caller.userId(), caller.userId()));
        StringBuilder where = new StringBuilder(VISIBLE);
        if (filter.workflowType() != null) {
            where.append(" AND w.workflow_type = ?");
            parameters.add(filter.workflowType());
        }
        if (filter.status() != null) {
            where.append(" AND w.status = ?");
            parameters.add(filter.status());
        }
        if (filter.deploymentStatus() != null) {
            where.append(" AND w.deployment_status = ?");
            parameters.add(filter.deploymentStatus());
        }
        if (filter.tag() != null) {
            where.append(" AND ? = ANY (w.tags)");
            parameters.add(filter.tag());
        }
        if (filter.search() != null) {
            where.append(" AND (lower(w.name) LIKE ? ESCAPE '\\' OR lower(coalesce(w.description, '')) LIKE ? ESCAPE '\\')");
            String pattern = "%" + escapeLike(filter.search().toLowerCase(Locale.ROOT)) + "%";
            parameters.add(pattern);
            parameters.add(pattern);
        }
        long count = jdbc.prepareStatement("SELECT count(*) FROM workflows w WHERE " + where, statement -> {
            bind(statement, parameters);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
        String sql = "SELECT w.* FROM workflows w WHERE " + where + " ORDER BY " + filter.sort().sql()
                + " LIMIT ? OFFSET ?";
        List<Object> paged = new ArrayList<>(parameters);
        paged.add(filter.page().limit());
        paged.add(filter.page().offset());
        List<Workflow> items = jdbc.prepareStatement(sql, statement -> {
            bind(statement, paged);
            List<Workflow> result = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.add(jdbc.readEntity(rows, Workflow.class));
                }
            }
            return result;
        });
        return new Page(count, items);
    }

    /** The workflow if the caller may see it. */
    @Transactional(readOnly = true)
    public java.util.Optional<Workflow> findVisible(Caller caller, String id) {
        List<Object> parameters = List.of(caller.organizationId(), caller.userId(), caller.userId(), id);
        return jdbc.prepareStatement("SELECT w.* FROM workflows w WHERE " + VISIBLE + " AND w.id = ?", statement -> {
            bind(statement, parameters);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? java.util.Optional.of(jdbc.readEntity(rows, Workflow.class))
                        : java.util.Optional.<Workflow>empty();
            }
        });
    }

    /** Active workflows of a marketplace app that the caller can see. */
    @Transactional(readOnly = true)
    public List<Workflow> activeOfApp(Caller caller, String appId) {
        List<Object> parameters = List.of(caller.organizationId(), caller.userId(), caller.userId(), appId);
        return jdbc.prepareStatement("SELECT w.* FROM workflows w WHERE " + VISIBLE
                + " AND w.app_id = ? AND w.status = 'active' ORDER BY w.created_at, w.id", statement -> {
            bind(statement, parameters);
            List<Workflow> result = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.add(jdbc.readEntity(rows, Workflow.class));
                }
            }
            return result;
        });
    }

    /** Counts of the organization's workflows by lifecycle status. */
    @Transactional(readOnly = true)
    public Map<String, Long> countByStatus(String organizationId) {
        return jdbc.prepareStatement("SELECT status, count(*) FROM workflows WHERE organization_id = ?"
                + " AND NOT is_template GROUP BY status", statement -> {
            statement.setString(1, organizationId);
            Map<String, Long> counts = new TreeMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
            }
            return counts;
        });
    }

    private static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
    }

    private static String escapeLike(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
