package io.mgw.controlplane.common;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs the list queries whose filters depend on the request: a count and one page of entities, every value a bind
 * parameter. The only SQL text callers splice in is their fixed WHERE fragments and a whitelisted
 * {@link SortOrder}. Callers run inside a transaction (the JDBC connection is the transaction's).
 */
@Singleton
public class PagedQuery {

    private final JdbcOperations jdbc;

    public PagedQuery(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** A page and the total count before paging. */
    public record Page<T>(long count, List<T> items) {
    }

    /**
     * Counts and reads {@code SELECT <alias>.* FROM <from> WHERE <where> ORDER BY <sort> LIMIT OFFSET}.
     *
     * @param from  table and alias, e.g. {@code workflows w}
     * @param alias the alias whose columns map to {@code type}
     */
    public <T> Page<T> page(Class<T> type, String from, String alias, String where, List<Object> parameters,
                            SortOrder sort, PageRequest page) {
        long count = jdbc.prepareStatement("SELECT count(*) FROM " + from + " WHERE " + where, statement -> {
            bind(statement, parameters);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
        List<Object> paged = new ArrayList<>(parameters);
        paged.add(page.limit());
        paged.add(page.offset());
        List<T> items = list(type, "SELECT " + alias + ".* FROM " + from + " WHERE " + where + " ORDER BY " + sort.sql()
                + " LIMIT ? OFFSET ?", paged);
        return new Page<>(count, items);
    }

    /** Every row of a query as entities. */
    public <T> List<T> list(Class<T> type, String sql, List<Object> parameters) {
        return jdbc.prepareStatement(sql, statement -> {
            bind(statement, parameters);
            List<T> result = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.add(jdbc.readEntity(rows, type));
                }
            }
            return result;
        });
    }

    /** The first row of a query as an entity. */
    public <T> Optional<T> first(Class<T> type, String sql, List<Object> parameters) {
        List<T> rows = list(type, sql, parameters);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** Escapes {@code %}, {@code _} and {@code \} for a LIKE pattern with {@code ESCAPE '\'}. */
    public static String escapeLike(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
    }
}
