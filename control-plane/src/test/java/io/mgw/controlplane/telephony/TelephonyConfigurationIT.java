package io.mgw.controlplane.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.mgw.controlplane.testing.Api;
import io.mgw.controlplane.testing.ControlPlaneTestSupport;
import io.mgw.controlplane.testing.Tenants;
import io.mgw.controlplane.testing.Tenants.Tenant;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TelephonyConfigurationIT implements TestPropertyProvider {

    static final String TOKEN = "cx-bearer-token-0123456789-abcdef";
    static final String SERVICE = "test-service-token-0123456789abcdef0123";
    @Inject
    EmbeddedServer server;
    @Inject
    DataSource dataSource;
    Api api;
    Tenant acme;
    Tenant globex;

    @Override
    public Map<String, String> getProperties() {
        return ControlPlaneTestSupport.properties("telephony");
    }

    @BeforeAll
    void tenants() {
        api = new Api(server.getURI());
        acme = Tenants.create(api, "acme");
        globex = Tenants.create(api, "globex");
    }

    private Api.Response create(Tenant tenant, Map<String, Object> body) {
        return api.post("/api/v1/telephony-configurations", tenant.ownerKey(), Api.json(body));
    }

    @Test
    void credentialsAreEncryptedAtRestAndNeverReturnedInFull() throws Exception {
        var created = create(acme, Map.of("provider", "cloudonix", "identifier", "Acme", "name", "main",
                "credentials", Map.of("bearer_token", TOKEN), "api_base_url", "https://api.eu.example.test/"));
        assertEquals(201, created.status(), created.raw());
        String id = created.text("id");
        assertTrue(id.startsWith("tc_"));
        assertEquals("acme.cloudonix.net", created.text("identifier"), "short Cloudonix domains are completed");
        assertEquals("https://api.eu.example.test", created.text("api_base_url"));
        assertEquals("****cdef", created.json().path("credentials").path("api_key").asText());
        assertFalse(created.raw().contains(TOKEN));
        var listed = api.get("/api/v1/telephony-configurations", acme.ownerKey());
        assertTrue(listed.raw().contains(id));
        assertFalse(listed.raw().contains(TOKEN));
        assertFalse(api.get("/api/v1/telephony-configurations/" + id, acme.ownerKey()).raw().contains(TOKEN));
        try (Connection connection = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT credentials_ciphertext, credentials_hint FROM telephony_configurations WHERE id = ?")) {
            statement.setString(1, id);
            try (ResultSet row = statement.executeQuery()) {
                assertTrue(row.next());
                String stored = new String(row.getBytes(1), StandardCharsets.ISO_8859_1);
                assertFalse(stored.contains(TOKEN) || stored.contains("bearer"), "ciphertext holds no clear text");
                assertFalse(row.getString(2).contains(TOKEN));
            }
        }
        var route = api.send(api.request("/internal/v1/telephony-configurations?provider=cloudonix&identifier=acme", null)
                .header("X-Service-Token", SERVICE).GET());
        assertEquals(200, route.status(), route.raw());
        assertEquals(TOKEN, route.text("api_key"), "gateways get the decrypted credentials");
        assertEquals(acme.orgId(), route.text("organization_id"));
        assertEquals("https://api.eu.example.test", route.text("api_base_url"));
        assertEquals(401, api.get("/internal/v1/telephony-configurations?provider=cloudonix&identifier=acme", acme.ownerKey()).status());
        assertEquals(404, api.send(api.request("/internal/v1/telephony-configurations?provider=cloudonix&identifier=nobody", null)
                .header("X-Service-Token", SERVICE).GET()).status());
    }

    private Api.Response internalLookup(String query) {
        return api.send(api.request("/internal/v1/telephony-configurations?" + query, null)
                .header("X-Service-Token", SERVICE).GET());
    }

    @Test
    void withoutAnIdentifierTheOrganizationsOnlyConfigurationForTheProviderIsFound() {
        Tenant solo = Tenants.create(api, "solo");
        assertEquals(404, internalLookup("org=" + solo.orgId() + "&provider=telnyx").status(), "none yet");
        var first = create(solo, Map.of("provider", "telnyx", "identifier", "conn-1", "name", "main",
                "credentials", Map.of("api_key", "KEY-telnyx-0123456789")));
        assertEquals(201, first.status(), first.raw());
        var found = internalLookup("org=" + solo.orgId() + "&provider=telnyx");
        assertEquals(200, found.status(), found.raw());
        assertEquals(first.text("id"), found.text("id"));
        assertEquals("KEY-telnyx-0123456789", found.text("api_key"));
        Tenant neighbour = Tenants.create(api, "neighbour");
        assertEquals(404, internalLookup("org=" + neighbour.orgId() + "&provider=telnyx").status(), "another tenant's is not");
        assertEquals(400, internalLookup("provider=telnyx").status(), "an identifier or an organization is needed");
        assertEquals(201, create(solo, Map.of("provider", "telnyx", "identifier", "conn-2", "name", "second",
                "credentials", Map.of("api_key", "KEY-telnyx-2222222222"))).status());
        assertEquals(404, internalLookup("org=" + solo.orgId() + "&provider=telnyx").status(), "two are ambiguous");
        assertEquals(200, internalLookup("org=" + solo.orgId() + "&provider=telnyx&identifier=conn-2").status());
    }

    @Test
    void updateReplacesFieldsAndDeleteRemoves() {
        var created = create(acme, Map.of("provider", "twilio", "identifier", "AC0123456789",
                "credentials", Map.of("account_sid", "AC0123456789", "auth_token", "twilio-secret-0123456789")));
        assertEquals(201, created.status(), created.raw());
        String id = created.text("id");
        assertEquals("AC0123456789", created.json().path("credentials").path("account_id").asText());
        var updated = api.put("/api/v1/telephony-configurations/" + id, acme.ownerKey(),
                Api.json(Map.of("name", "renamed", "credentials", Map.of("account_sid", "AC0123456789",
                        "auth_token", "rotated-secret-9876543210"))));
        assertEquals(200, updated.status(), updated.raw());
        assertEquals("renamed", updated.text("name"));
        assertEquals("****3210", updated.json().path("credentials").path("secret").asText());
        assertEquals(400, api.put("/api/v1/telephony-configurations/" + id, acme.ownerKey(),
                Api.json(Map.of("provider", "plivo"))).status());
        assertEquals(404, api.delete("/api/v1/telephony-configurations/" + id, globex.ownerKey()).status());
        assertEquals(204, api.delete("/api/v1/telephony-configurations/" + id, acme.ownerKey()).status());
        assertEquals(404, api.get("/api/v1/telephony-configurations/" + id, acme.ownerKey()).status());
    }

    @Test
    void validationScopesAndTenancy() {
        assertField(Map.of("provider", "carrier-pigeon", "identifier", "x", "credentials", Map.of("api_key", TOKEN)), "provider");
        assertField(Map.of("provider", "telnyx", "credentials", Map.of("api_key", TOKEN)), "identifier");
        assertField(Map.of("provider", "telnyx", "identifier", "conn-1"), "credentials");
        assertField(Map.of("provider", "telnyx", "identifier", "conn-1", "credentials", Map.of()), "credentials");
        assertField(Map.of("provider", "telnyx", "identifier", "conn-1", "credentials", Map.of("password", "x")), "credentials");
        assertField(Map.of("provider", "telnyx", "identifier", "conn-1", "credentials", Map.of("api_key", 5)), "credentials");
        assertField(Map.of("provider", "telnyx", "identifier", "conn-1", "credentials", Map.of("api_key", TOKEN),
                "api_base_url", "ftp://files"), "api_base_url");
        assertEquals(201, create(acme, Map.of("provider", "telnyx", "identifier", "conn-1",
                "credentials", Map.of("api_key", TOKEN))).status());
        assertEquals(409, create(acme, Map.of("provider", "telnyx", "identifier", "conn-1",
                "credentials", Map.of("api_key", TOKEN))).status());
        assertEquals(201, create(globex, Map.of("provider", "telnyx", "identifier", "conn-1",
                "credentials", Map.of("api_key", TOKEN))).status(), "identifiers are per organization");
        assertEquals(403, api.post("/api/v1/telephony-configurations", acme.ownerKeyWith("telephony:read"),
                Api.json(Map.of("provider", "telnyx", "identifier", "x", "credentials", Map.of("api_key", TOKEN)))).status());
        assertEquals(403, api.get("/api/v1/telephony-configurations", acme.ownerKeyWith("telephony:write")).status());
        assertEquals(401, api.get("/api/v1/telephony-configurations", null).status());
        for (var item : api.get("/api/v1/telephony-configurations", globex.ownerKey()).json().path("items")) {
            assertEquals(globex.orgId(), item.path("organization_id").asText());
        }
        assertEquals(400, api.get("/api/v1/telephony-configurations/bad$id", acme.ownerKey()).status());
        List.of("limit=0", "offset=-1").forEach(q ->
                assertEquals(400, api.get("/api/v1/telephony-configurations?" + q, acme.ownerKey()).status(), q));
    }

    private void assertField(Map<String, Object> body, String field) {
        var response = create(acme, body);
        assertEquals(400, response.status(), body + " -> " + response.raw());
        assertEquals(field, response.text("field"), response.raw());
    }
}
