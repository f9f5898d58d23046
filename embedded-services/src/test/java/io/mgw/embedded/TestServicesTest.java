package io.mgw.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class TestServicesTest {

    @Test
    void replaceDatabaseKeepsHostAndParameters() {
        assertEquals("jdbc:postgresql://127.0.0.1:5432/x1?user=postgres",
                TestServices.replaceDatabase("jdbc:postgresql://127.0.0.1:5432/test?user=postgres", "x1"));
        assertEquals("jdbc:postgresql://h/x2", TestServices.replaceDatabase("jdbc:postgresql://h/db", "x2"));
    }

    @Test
    void eachCallerGetsItsOwnEmptyDatabase() throws Exception {
        String first = TestServices.createDatabase("a");
        String second = TestServices.createDatabase("a");
        assertNotEquals(first, second);
        try (Connection connection = DriverManager.getConnection(first);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE only_here (id int)");
        }
        try (Connection connection = DriverManager.getConnection(second);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT count(*) FROM information_schema.tables WHERE table_name = 'only_here'")) {
            rows.next();
            assertEquals(0, rows.getInt(1));
        }
    }
}
