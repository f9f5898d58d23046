package io.mgw.controlplane.common;

import io.mgw.controlplane.error.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated {@code sort} parameter: comma-separated fields, each {@code field}, {@code -field},
 * {@code field:asc} or {@code field:desc}, only from a whitelist that maps API names to SQL columns.
 */
public final class SortOrder {

    private final String sql;

    private SortOrder(String sql) {
        this.sql = sql;
    }

    /**
     * Parses {@code sort}; null or blank gives {@code fallback}. The id is always appended as the last key so
     * paging is stable when values tie.
     *
     * @param columns API field name to SQL column; nothing outside it reaches the SQL text
     */
    public static SortOrder parse(String sort, Map<String, String> columns, String fallback, String idColumn) {
        if (sort == null || sort.isBlank()) {
            return parse(fallback, columns, null, idColumn);
        }
        List<String> keys = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String raw : sort.split(",")) {
            String part = raw.trim();
            boolean descending = false;
            if (part.startsWith("-")) {
                descending = true;
                part = part.substring(1);
            } else if (part.startsWith("+")) {
                part = part.substring(1);
            }
            int colon = part.indexOf(':');
            if (colon >= 0) {
                String direction = part.substring(colon + 1);
                part = part.substring(0, colon);
                if (direction.equalsIgnoreCase("desc")) {
                    descending = true;
                } else if (!direction.equalsIgnoreCase("asc")) {
                    throw invalid(columns);
                }
            }
            String column = columns.get(part);
            if (column == null || !seen.add(part)) {
                throw invalid(columns);
            }
            keys.add(column + (descending ? " DESC" : " ASC"));
        }
        keys.add(idColumn + " ASC");
        return new SortOrder(String.join(", ", keys));
    }

    private static ApiException invalid(Map<String, String> columns) {
        return ApiException.invalidField("sort", "sort must be one or more of " + String.join(", ", columns.keySet())
                + ", each optionally prefixed with - or suffixed with :asc or :desc");
    }

    /** The ORDER BY list, built only from whitelisted column names. */
    public String sql() {
        return sql;
    }
}
