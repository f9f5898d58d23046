package io.mgw.runtime.batch.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.frame.FrameJson;
import io.mgw.runtime.batch.BatchNode;
import io.mgw.runtime.batch.DataSources;
import io.mgw.runtime.batch.NodeCall;
import io.mgw.runtime.batch.NodeFailure;
import io.mgw.runtime.batch.NodeResult;
import io.mgw.runtime.batch.PathExpression;
import io.mgw.runtime.batch.SqlDialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code postgres-query} and {@code mysql-source}: runs {@code config.query} ({@code $1, $2 ...} placeholders bound to
 * the path expressions of {@code config.params}) on the customer database named by {@code config.dataSource}
 * ({@link DataSources}; of the node's {@link SqlDialect}), with a statement timeout. Output {@code {rows, rowCount}};
 * a query that returns no rows gives the update count.
 */
public final class SqlQueryNode implements BatchNode {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$(\\d{1,3})");
    private static final long DEFAULT_TIMEOUT_MS = 30_000;
    private static final long DEFAULT_MAX_ROWS = 1_000;

    private final DataSources dataSources;
    private final SqlDialect dialect;

    public SqlQueryNode(DataSources dataSources, SqlDialect dialect) {
        this.dataSources = dataSources;
        this.dialect = dialect;
    }

    @Override
    public NodeResult run(NodeCall call) {
        String name = call.requiredText("dataSource");
        String jdbcUrl = dataSources.jdbcUrl(name).orElseThrow(() -> NodeFailure.badConfig(
                "config.dataSource '" + name + "' is not a data source of this runtime (MGW_DATASOURCES)"));
        if (SqlDialect.of(jdbcUrl).orElse(null) != dialect) {
            throw NodeFailure.badConfig("config.dataSource '" + name + "' is not a " + dialect.label() + " database");
        }
        String query = call.requiredText("query");
        JsonNode params = call.config().path("params");
        if (!params.isMissingNode() && !params.isNull() && !params.isArray()) {
            throw NodeFailure.badConfig("config.params must be an array of expressions");
        }
        long timeoutMs = Math.min(call.longConfig("timeoutMs", DEFAULT_TIMEOUT_MS), Math.max(1, call.timeout().toMillis()));
        long maxRows = call.longConfig("maxRows", DEFAULT_MAX_ROWS);
        Matcher m = PLACEHOLDER.matcher(query);
        StringBuilder sql = new StringBuilder();
        java.util.List<Integer> order = new java.util.ArrayList<>();
        while (m.find()) {
            order.add(Integer.parseInt(m.group(1)));
            m.appendReplacement(sql, "?");
        }
        m.appendTail(sql);
        for (int index : order) {
            if (index < 1 || index > params.size()) {
                throw NodeFailure.badConfig("config.query uses $" + index + " but config.params has " + params.size() + " entries");
            }
        }
        try (Connection connection = DriverManager.getConnection(dialect.driverUrl(jdbcUrl));
             PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            statement.setQueryTimeout((int) Math.max(1, (timeoutMs + 999) / 1000));
            statement.setMaxRows((int) Math.min(Integer.MAX_VALUE, maxRows));
            for (int i = 0; i < order.size(); i++) {
                bind(statement, i + 1, param(params.get(order.get(i) - 1), call.input()), dialect);
            }
            ObjectNode output = JsonNodeFactory.instance.objectNode();
            if (statement.execute()) {
                ArrayNode rows = output.putArray("rows");
                try (ResultSet result = statement.getResultSet()) {
                    ResultSetMetaData meta = result.getMetaData();
                    while (result.next()) {
                        ObjectNode row = rows.addObject();
                        for (int c = 1; c <= meta.getColumnCount(); c++) {
                            Object value = result.getObject(c);
                            row.set(meta.getColumnLabel(c), value == null ? null : toJson(value, meta.getColumnType(c)));
                        }
                    }
                }
                output.put("rowCount", rows.size());
            } else {
                output.putArray("rows");
                output.put("rowCount", statement.getUpdateCount());
            }
            return NodeResult.of(output);
        } catch (SQLException e) {
            if (dialect.timedOut(e)) {
                throw new NodeFailure(NodeFailure.TIMEOUT, "query on " + name + " exceeded " + timeoutMs + " ms");
            }
            throw new NodeFailure(NodeFailure.QUERY_ERROR, "query on " + name + " failed: " + e.getMessage());
        }
    }

    private static JsonNode param(JsonNode expression, JsonNode input) {
        if (expression.isTextual() && PathExpression.isPath(expression.asText())) {
            return PathExpression.parse(expression.asText()).resolve(input);
        }
        return expression;
    }

    private static void bind(PreparedStatement statement, int index, JsonNode value, SqlDialect dialect) throws SQLException {
        if (value == null || value.isMissingNode() || value.isNull()) {
            statement.setNull(index, Types.NULL);
        } else if (value.isIntegralNumber()) {
            statement.setLong(index, value.asLong());
        } else if (value.isNumber()) {
            statement.setBigDecimal(index, value.decimalValue());
        } else if (value.isBoolean()) {
            statement.setBoolean(index, value.asBoolean());
        } else if (value.isTextual()) {
            statement.setString(index, value.asText());
        } else if (dialect == SqlDialect.POSTGRES) {
            statement.setObject(index, value.toString(), Types.OTHER); // json, which PostgreSQL casts as needed
        } else {
            statement.setString(index, value.toString());
        }
    }

    private static JsonNode toJson(Object value, int sqlType) {
        if (value instanceof Number || value instanceof Boolean || value instanceof String) {
            return FrameJson.mapper().valueToTree(value);
        }
        if (sqlType == Types.OTHER && value instanceof org.postgresql.util.PGobject pg && pg.getValue() != null
                && ("json".equals(pg.getType()) || "jsonb".equals(pg.getType()))) {
            try {
                return FrameJson.mapper().readTree(pg.getValue());
            } catch (Exception e) {
                return JsonNodeFactory.instance.textNode(pg.getValue());
            }
        }
        return JsonNodeFactory.instance.textNode(value.toString());
    }
}
