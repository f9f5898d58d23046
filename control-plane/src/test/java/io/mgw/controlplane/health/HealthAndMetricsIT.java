package io.mgw.controlplane.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.mgw.controlplane.testing.Api;
import io.mgw.controlplane.testing.ControlPlaneTestSupport;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthAndMetricsIT implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        return ControlPlaneTestSupport.properties("health");
    }

    @Test
    void healthChecksPostgresAndRedis() {
        var response = new Api(server.getURI()).get("/health", null);
        assertEquals(200, response.status(), response.raw());
        assertEquals("UP", response.text("status"));
        assertEquals("UP", response.json().path("checks").path("postgres").asText());
        assertEquals("UP", response.json().path("checks").path("redis").asText());
        assertEquals(200, new Api(server.getURI()).get("/health/live", null).status());
    }

    @Test
    void metricsArePrometheusText() {
        var response = new Api(server.getURI()).get("/metrics", null);
        assertEquals(200, response.status());
        assertTrue(response.contentType().startsWith("text/plain"), response.contentType());
        assertTrue(response.raw().contains("jvm_memory_used_bytes"));
    }

    @Test
    void openApiDocumentAndSwaggerUiAreServed() {
        var spec = new Api(server.getURI()).get("/swagger/control-plane-0.1.yml", null);
        assertEquals(200, spec.status());
        assertTrue(spec.raw().contains("/api/v1/api-keys"));
        assertEquals(200, new Api(server.getURI()).get("/swagger-ui/index.html", null).status());
    }
}
