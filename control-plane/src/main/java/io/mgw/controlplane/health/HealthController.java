package io.mgw.controlplane.health;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.mgw.controlplane.redis.RedisFactory.RedisConnections;
import io.swagger.v3.oas.annotations.Hidden;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import javax.sql.DataSource;

/** {@code /health}: readiness (PostgreSQL and Redis answer) and {@code /health/live}: the process is up. */
@Hidden
@Controller("/health")
@ExecuteOn(TaskExecutors.BLOCKING)
public class HealthController {

    private static final int CHECK_TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;
    private final RedisConnections redis;

    public HealthController(DataSource dataSource, RedisConnections redis) {
        // The injected DataSource only hands out connections inside a transaction; the check wants a plain one.
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
        this.redis = redis;
    }

    /** Health report: overall status and each dependency's. */
    public record HealthReport(String status, Map<String, String> checks) {
    }

    @Get
    public HttpResponse<HealthReport> health() {
        return ready();
    }

    @Get("/ready")
    public HttpResponse<HealthReport> ready() {
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("postgres", postgres() ? "UP" : "DOWN");
        checks.put("redis", redis() ? "UP" : "DOWN");
        boolean up = checks.values().stream().allMatch("UP"::equals);
        return HttpResponse.<HealthReport>status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(new HealthReport(up ? "UP" : "DOWN", checks));
    }

    @Get("/live")
    public HealthReport live() {
        return new HealthReport("UP", Map.of());
    }

    private boolean postgres() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(CHECK_TIMEOUT_SECONDS);
            return statement.execute("SELECT 1");
        } catch (Exception e) {
            return false;
        }
    }

    private boolean redis() {
        try {
            return "PONG".equals(redis.shared().async().ping().get(CHECK_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }
}
