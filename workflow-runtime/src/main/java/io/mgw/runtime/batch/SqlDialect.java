package io.mgw.runtime.batch;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.List;
import java.util.Optional;

/** The databases the SQL nodes speak to, told apart by their JDBC URL. */
public enum SqlDialect {

    /** PostgreSQL ({@code postgres-query}). */
    POSTGRES("PostgreSQL", List.of("jdbc:postgresql:"), "57014"),
    /** MySQL and MariaDB ({@code mysql-source}), through the MariaDB driver. */
    MYSQL("MySQL", List.of("jdbc:mysql:", "jdbc:mariadb:"), "70100");

    private final String label;
    private final List<String> schemes;
    private final String cancelledState;

    SqlDialect(String label, List<String> schemes, String cancelledState) {
        this.label = label;
        this.schemes = schemes;
        this.cancelledState = cancelledState;
    }

    /** The dialect of a JDBC URL, or empty for one no SQL node speaks. */
    public static Optional<SqlDialect> of(String jdbcUrl) {
        for (SqlDialect dialect : values()) {
            if (dialect.schemes.stream().anyMatch(jdbcUrl::startsWith)) {
                return Optional.of(dialect);
            }
        }
        return Optional.empty();
    }

    /** What an operator calls it. */
    public String label() {
        return label;
    }

    /**
     * The URL the driver on the classpath takes: the MariaDB driver serves {@code jdbc:mysql:} URLs under its own
     * scheme (MySQL's own driver is GPL and not shipped).
     */
    public String driverUrl(String jdbcUrl) {
        return this == MYSQL && jdbcUrl.startsWith("jdbc:mysql:") ? "jdbc:mariadb:" + jdbcUrl.substring("jdbc:mysql:".length())
                : jdbcUrl;
    }

    /** Whether the statement was cancelled by its timeout. */
    public boolean timedOut(SQLException e) {
        return e instanceof SQLTimeoutException || cancelledState.equals(e.getSQLState());
    }
}
