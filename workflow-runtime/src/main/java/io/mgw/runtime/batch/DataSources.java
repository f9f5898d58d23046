package io.mgw.runtime.batch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Customer databases the SQL nodes may reach, by name ({@code MGW_DATASOURCES}: {@code name=jdbcUrl;name2=jdbcUrl2},
 * PostgreSQL ({@code jdbc:postgresql:}) for {@code postgres-query}, MySQL or MariaDB ({@code jdbc:mysql:},
 * {@code jdbc:mariadb:}) for {@code mysql-source}). The platform's own database is never among them unless an
 * operator names it, which they must not. URLs carry credentials: never logged.
 */
public record DataSources(Map<String, String> jdbcUrls) {

    public DataSources {
        jdbcUrls = Map.copyOf(jdbcUrls);
    }

    public static DataSources none() {
        return new DataSources(Map.of());
    }

    /**
     * Parses the setting; a blank value means none.
     *
     * @throws IllegalArgumentException naming the bad entry (without its URL)
     */
    public static DataSources parse(String setting) {
        Map<String, String> urls = new LinkedHashMap<>();
        if (setting == null || setting.isBlank()) {
            return none();
        }
        int index = 0;
        for (String entry : setting.split(";")) {
            index++;
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String name = eq < 0 ? "" : entry.substring(0, eq).trim();
            String url = eq < 0 ? "" : entry.substring(eq + 1).trim();
            if (!name.matches("[A-Za-z0-9_.-]{1,64}") || SqlDialect.of(url).isEmpty()) {
                throw new IllegalArgumentException("entry " + index
                        + " must be name=jdbc:postgresql://..., name=jdbc:mysql://... or name=jdbc:mariadb://...");
            }
            urls.put(name, url);
        }
        return new DataSources(urls);
    }

    public Optional<String> jdbcUrl(String name) {
        return Optional.ofNullable(jdbcUrls.get(name));
    }

    @Override
    public String toString() {
        return "DataSources" + jdbcUrls.keySet();
    }
}
