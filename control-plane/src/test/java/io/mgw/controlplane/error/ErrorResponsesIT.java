package io.mgw.controlplane.error;

import static io.mgw.controlplane.testing.ControlPlaneTestSupport.BOOTSTRAP_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.mgw.controlplane.testing.Api;
import io.mgw.controlplane.testing.ControlPlaneTestSupport;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorResponsesIT implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;
    Api api;

    @Override
    public Map<String, String> getProperties() {
        return ControlPlaneTestSupport.properties("errors");
    }

    @BeforeEach
    void client() {
        api = new Api(server.getURI());
    }

    @Test
    void malformedJsonIs400NamingTheProblem() {
        var response = api.post("/api/v1/api-keys", BOOTSTRAP_KEY, "{\"name\": \"x\",");
        assertEquals(400, response.status(), response.raw());
        assertEquals("bad_request", response.text("error"));
        assertTrue(response.text("message").toLowerCase().contains("json"), response.text("message"));
        assertFalse(response.raw().contains("at io.micronaut"));
    }

    @Test
    void wrongJsonTypeIs400() {
        var response = api.post("/api/v1/api-keys", BOOTSTRAP_KEY, "{\"name\": \"x\", \"scopes\": 5}");
        assertEquals(400, response.status(), response.raw());
        assertTrue(response.json().has("message"));
    }

    @Test
    void bodyOverTheLimitIs413() {
        String big = "{\"name\":\"" + "x".repeat(70_000) + "\"}";
        var response = api.post("/api/v1/api-keys", BOOTSTRAP_KEY, big);
        assertEquals(413, response.status(), response.raw());
        assertEquals("payload_too_large", response.text("error"));
    }

    @Test
    void unknownRouteIsJson404EvenForBrowsers() {
        var response = api.send(api.request("/no/such/route", null).header("Accept", "text/html").GET());
        assertEquals(404, response.status());
        assertTrue(response.contentType().startsWith("application/json"), response.contentType());
        assertEquals("not_found", response.text("error"));
    }

    @Test
    void unknownApiRouteWithValidKeyIsJson404() {
        var response = api.get("/api/v1/nothing-here", BOOTSTRAP_KEY);
        assertEquals(404, response.status());
        assertEquals("not_found", response.text("error"));
    }

    @Test
    void wrongMethodIsJson405() {
        var response = api.send(api.request("/api/v1/api-keys", BOOTSTRAP_KEY)
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(405, response.status(), response.raw());
        assertEquals("method_not_allowed", response.text("error"));
    }
}
