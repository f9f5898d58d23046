package io.mgw.controlplane.testing;

import io.mgw.embedded.TestServices;
import java.util.HashMap;
import java.util.Map;

/** Properties for a control plane under test: its own fresh database, the shared test Redis, fixed secrets. */
public final class ControlPlaneTestSupport {

    /** The bootstrap platform-admin key every test context starts with. */
    public static final String BOOTSTRAP_KEY = "test-bootstrap-key-0123456789abcdef";

    private ControlPlaneTestSupport() {
    }

    public static Map<String, String> properties(String purpose) {
        Map<String, String> properties = new HashMap<>();
        properties.put("datasources.default.url", TestServices.createDatabase(purpose));
        properties.put("mgw.redis-url", TestServices.redisUrl());
        properties.put("mgw.jwt-secret", "test-jwt-secret-0123456789abcdef0123456789");
        properties.put("mgw.service-token", "test-service-token-0123456789abcdef0123");
        properties.put("mgw.secret-key", "test-secret-key-0123456789abcdef01234567");
        properties.put("mgw.bootstrap-api-key", BOOTSTRAP_KEY);
        properties.put("micronaut.server.max-request-size", "65536");
        properties.put("micronaut.server.port", "-1");
        // Each context consumes its own events stream, so test classes never see each other's events.
        properties.put("mgw.events.stream", "mgw:events:test:" + java.util.UUID.randomUUID());
        return properties;
    }
}
