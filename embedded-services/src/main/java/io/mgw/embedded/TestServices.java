package io.mgw.embedded;

import io.mgw.adapters.contract.DatabaseUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The PostgreSQL and Redis that tests use: the servers named by {@code DATABASE_URL} and {@code REDIS_URL}
 * when set (as {@code .ci/run} does), otherwise embedded ones started once per JVM. Each caller gets its own
 * database and its own key prefix, so test classes never see each other's data.
 */
public final class TestServices {

    private static EmbeddedPostgresServer embeddedPostgres;
    private static EmbeddedRedisServer embeddedRedis;

    private TestServices() {
    }

    /** Creates a fresh, empty database and returns its JDBC URL with credentials. */
    public static synchronized String createDatabase(String purpose) {
        String name = ("t_" + purpose.replaceAll("[^A-Za-z0-9]", "_") + "_"
                + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        String adminUrl = adminJdbcUrl();
        try (Connection connection = DriverManager.getConnection(adminUrl);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name + ": " + e.getMessage(), e);
        }
        return replaceDatabase(adminUrl, name);
    }

    /** The Redis URL tests use; key prefixes, not separate servers, keep tests apart. */
    public static synchronized String redisUrl() {
        String configured = System.getenv("REDIS_URL");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (embeddedRedis == null) {
            embeddedRedis = EmbeddedRedisServer.start(null, 0);
        }
        return embeddedRedis.url();
    }

    private static String adminJdbcUrl() {
        String configured = System.getenv("DATABASE_URL");
        if (configured != null && !configured.isBlank()) {
            return DatabaseUrl.parse(configured).jdbcUrlWithCredentials();
        }
        if (embeddedPostgres == null) {
            embeddedPostgres = EmbeddedPostgresServer.start(null, 0);
        }
        return embeddedPostgres.jdbcUrl("postgres");
    }

    static String replaceDatabase(String jdbcUrl, String database) {
        int hostStart = jdbcUrl.indexOf("//") + 2;
        int pathStart = jdbcUrl.indexOf('/', hostStart);
        int queryStart = jdbcUrl.indexOf('?', hostStart);
        String prefix = jdbcUrl.substring(0, pathStart < 0 || (queryStart >= 0 && queryStart < pathStart)
                ? (queryStart < 0 ? jdbcUrl.length() : queryStart) : pathStart);
        String query = queryStart < 0 ? "" : jdbcUrl.substring(queryStart);
        return prefix + "/" + database + query;
    }
}
