package io.mgw.runtime.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgw.adapters.config.ConfigException;
import io.mgw.runtime.config.RuntimeConfigLoader;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DataSourcesTest {

    @Test
    void parsesNamedJdbcUrlsAndKeepsThemOutOfToString() {
        DataSources sources = DataSources.parse("crm=jdbc:postgresql://db:5432/crm?user=u&password=secret; billing=jdbc:postgresql://b/bill");
        assertEquals(Optional.of("jdbc:postgresql://db:5432/crm?user=u&password=secret"), sources.jdbcUrl("crm"));
        assertTrue(sources.jdbcUrl("billing").isPresent());
        assertTrue(sources.jdbcUrl("platform").isEmpty());
        assertFalse(sources.toString().contains("secret"), sources.toString());
        assertTrue(DataSources.parse("").jdbcUrls().isEmpty());
    }

    @Test
    void mysqlAndMariadbUrlsAreDataSourcesToo() {
        DataSources sources = DataSources.parse("crm=jdbc:postgresql://db/crm;shop=jdbc:mysql://m:3306/shop?user=u;"
                + "stock=jdbc:mariadb://m/stock");
        assertEquals(Optional.of(SqlDialect.POSTGRES), SqlDialect.of(sources.jdbcUrl("crm").orElseThrow()));
        assertEquals(Optional.of(SqlDialect.MYSQL), SqlDialect.of(sources.jdbcUrl("shop").orElseThrow()));
        assertEquals(Optional.of(SqlDialect.MYSQL), SqlDialect.of(sources.jdbcUrl("stock").orElseThrow()));
        assertEquals("jdbc:mariadb://m:3306/shop?user=u", SqlDialect.MYSQL.driverUrl(sources.jdbcUrl("shop").orElseThrow()),
                "MySQL URLs go to the MariaDB driver");
    }

    @Test
    void refusesEntriesThatAreNotNamedDatabaseUrls() {
        assertThrows(IllegalArgumentException.class, () -> DataSources.parse("crm"));
        assertThrows(IllegalArgumentException.class, () -> DataSources.parse("crm=mysql://x"));
        assertThrows(IllegalArgumentException.class, () -> DataSources.parse("crm=jdbc:sqlserver://x"));
        ConfigException error = assertThrows(ConfigException.class, () -> RuntimeConfigLoader.load(Map.of(
                "MGW_SERVICE_TOKEN", "t", "MGW_DATASOURCES", "bad entry")));
        assertTrue(error.getMessage().contains("MGW_DATASOURCES"), error.getMessage());
        assertFalse(error.getMessage().contains("bad entry"), error.getMessage());
    }
}
