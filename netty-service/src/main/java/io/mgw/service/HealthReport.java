package io.mgw.service;

import java.util.Map;
import java.util.TreeMap;

/** The body of {@code GET /health}: {@code {"status":"UP","checks":{"redis":"UP"}}}; DOWN when any check is DOWN. */
public record HealthReport(String status, Map<String, String> checks) {

    public static final String UP = "UP";
    public static final String DOWN = "DOWN";

    /** A report over named checks, each up or not. */
    public static HealthReport of(Map<String, Boolean> results) {
        Map<String, String> checks = new TreeMap<>();
        results.forEach((name, up) -> checks.put(name, up ? UP : DOWN));
        return new HealthReport(results.containsValue(false) ? DOWN : UP, checks);
    }

    /** Whether every check passed. */
    public boolean up() {
        return UP.equals(status);
    }
}
