package io.mgw.controlplane.auth;

import static io.mgw.controlplane.testing.ControlPlaneTestSupport.BOOTSTRAP_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.mgw.controlplane.testing.Api;
import io.mgw.controlplane.testing.ControlPlaneTestSupport;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiKeyAuthIT implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;
    @Inject
    DataSource dataSource;
    Api api;

    @Override
    public Map<String, String> getProperties() {
        return ControlPlaneTestSupport.properties("auth");
    }

    @BeforeEach
    void client() {
        api = new Api(server.getURI());
    }

    private String createKey(List<String> scopes) {
        var response = api.post("/api/v1/api-keys", BOOTSTRAP_KEY,
                Api.json(Map.of("name", "test", "scopes", scopes)));
        assertEquals(201, response.status(), response.raw());
        return response.text("key");
    }

    @Test
    void noKeyIs401WithJsonBody() {
        var response = api.get("/api/v1/users", null);
        assertEquals(401, response.status());
        assertEquals("unauthorized", response.text("error"));
        assertTrue(response.text("message").contains("X-API-Key"));
    }

    @Test
    void malformedKeyIs401() {
        var response = api.get("/api/v1/users", "short");
        assertEquals(401, response.status());
        assertEquals("malformed API key", response.text("message"));
    }

    @Test
    void unknownKeyIs401() {
        var response = api.get("/api/v1/users", "mgw_thisKeyWasNeverIssuedByAnyone0123456789");
        assertEquals(401, response.status());
        assertEquals("unknown API key", response.text("message"));
    }

    @Test
    void revokedKeyIs401OnTheVeryNextRequest() {
        var created = api.post("/api/v1/api-keys", BOOTSTRAP_KEY, Api.json(Map.of("name", "to-revoke")));
        String key = created.text("key");
        assertEquals(200, api.get("/api/v1/api-keys", key).status());
        assertEquals(204, api.delete("/api/v1/api-keys/" + created.text("id"), BOOTSTRAP_KEY).status());
        var after = api.get("/api/v1/api-keys", key);
        assertEquals(401, after.status());
        assertEquals("API key has been revoked", after.text("message"));
    }

    @Test
    void missingScopeIs403AndRightScopeIs200() {
        String readOnly = createKey(List.of("workflows:read"));
        var forbidden = api.get("/api/v1/users", readOnly);
        assertEquals(403, forbidden.status());
        assertEquals("forbidden", forbidden.text("error"));
        assertTrue(forbidden.text("message").contains("admin"));

        String admin = createKey(List.of("admin"));
        assertEquals(200, api.get("/api/v1/users", admin).status());
    }

    @Test
    void secretIsNeverStoredInClearText() throws Exception {
        var created = api.post("/api/v1/api-keys", BOOTSTRAP_KEY, Api.json(Map.of("name", "stored")));
        String secret = created.text("key");
        assertTrue(secret.startsWith("mgw_"));
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT * FROM api_keys WHERE id = ?")) {
            statement.setString(1, created.text("id"));
            try (ResultSet row = statement.executeQuery()) {
                assertTrue(row.next());
                for (int column = 1; column <= row.getMetaData().getColumnCount(); column++) {
                    String value = row.getString(column);
                    assertFalse(value != null && value.contains(secret.substring(8)),
                            "column " + row.getMetaData().getColumnName(column) + " holds the secret");
                }
                assertEquals(ApiKeySecrets.hash(secret), row.getString("key_hash"));
            }
        }
        var listed = api.get("/api/v1/api-keys", BOOTSTRAP_KEY);
        assertFalse(listed.raw().contains(secret));
    }

    @Test
    void useIsRecordedAsLastUsed() {
        var created = api.post("/api/v1/api-keys", BOOTSTRAP_KEY, Api.json(Map.of("name", "used")));
        api.get("/api/v1/api-keys", created.text("key"));
        var mine = api.get("/api/v1/api-keys", created.text("key"));
        assertNotNull(mine.json().path("items").get(0).get("lastUsedAt").textValue());
    }
}
