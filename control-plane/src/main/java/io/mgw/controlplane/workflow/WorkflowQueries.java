package io.mgw.controlplane.workflow;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.mgw.controlplane.auth.Caller;
import io.mgw.controlplane.common.PagedQuery;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import jakarta.inject.Singleton;

/** The workflow queries scoped by visibility: lists with filters, single lookups, counts. */
@Singleton
public class WorkflowQueries {

    /** A caller sees workflows they own, that are shared with them, or that are public in their organization. */
    static final String VISIBLE = "w.organization_id = ? AND NOT w.is_template AND (w.owner_id = ? OR w.is_public"
            + " OR EXISTS (SELECT 1 FROM workflow_shares s WHERE s.workflow_id = w.id AND s.user_id = ?))";

    private final PagedQuery query;
    private final JdbcOperations jdbc;

    public WorkflowQueries(PagedQuery query, JdbcOperations jdbc) {
        this.query = query;
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public PagedQuery.Page<Workflow> list(Caller caller, WorkflowFilter filter) {
        List<Object> parameters = visibility(caller);
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
            String pattern = "%" + PagedQuery.escapeLike(filter.search().toLowerCase(Locale.ROOT)) + "%";
            parameters.add(pattern);
            parameters.add(pattern);
        }
        return query.page(Workflow.class, "workflows w", "w", where.toString(), parameters, filter.sort(), filter.page());
    }

    /** The workflow if the caller may see it. */
    @Transactional(readOnly = true)
    public Optional<Workflow> findVisible(Caller caller, String id) {
        List<Object> parameters = visibility(caller);
        parameters.add(id);
        return query.first(Workflow.class, "SELECT w.* FROM workflows w WHERE " + VISIBLE + " AND w.id = ?", parameters);
    }

    /** Active workflows of a marketplace app that the caller can see. */
    @Transactional(readOnly = true)
    public List<Workflow> activeOfApp(Caller caller, String appId) {
        List<Object> parameters = visibility(caller);
        parameters.add(appId);
        return query.list(Workflow.class, "SELECT w.* FROM workflows w WHERE " + VISIBLE
                + " AND w.app_id = ? AND w.status = 'active' ORDER BY w.created_at, w.id", parameters);
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

    private static List<Object> visibility(Caller caller) {
        return new ArrayList<>(List.of(caller.organizationId(), caller.userId(), caller.userId()));
    }
}
