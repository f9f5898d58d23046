package io.mgw.controlplane.account;

import static io.mgw.controlplane.testing.ControlPlaneTestSupport.BOOTSTRAP_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.mgw.controlplane.testing.Api;
import io.mgw.controlplane.testing.ControlPlaneTestSupport;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountIsolationIT implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;
    Api api;
    Tenant acme;
    Tenant globex;

    /** An organization with its owner (admin) key, and a member with a key of their own. */
    record Tenant(String orgId, String adminKey, String memberId, String memberKey, String memberKeyId) {
    }

    @Override
    public Map<String, String> getProperties() {
        return ControlPlaneTestSupport.properties("accounts");
    }

    @BeforeAll
    void tenants() {
        api = new Api(server.getURI());
        acme = tenant("Acme", "acme");
        globex = tenant("Globex", "globex");
    }

    private Tenant tenant(String name, String slug) {
        var org = api.post("/api/v1/organizations", BOOTSTRAP_KEY, Api.json(Map.of("name", name, "slug", slug,
                "owner", Map.of("email", "owner@" + slug + ".test", "name", name + " owner"))));
        assertEquals(201, org.status(), org.raw());
        String adminKey = org.json().path("apiKey").path("key").asText();
        var member = api.post("/api/v1/users", adminKey, Api.json(Map.of("email", "m@" + slug + ".test", "role", "member")));
        assertEquals(201, member.status(), member.raw());
        String memberId = member.text("id");
        var key = api.post("/api/v1/api-keys", adminKey, Api.json(Map.of("name", "member key", "userId", memberId,
                "scopes", List.of("workflows:read", "workflows:write"))));
        assertEquals(201, key.status(), key.raw());
        return new Tenant(org.json().path("organization").path("id").asText(), adminKey, memberId,
                key.text("key"), key.text("id"));
    }

    @Test
    void organizationsAreCreatedWithADefaultWorkspaceAndListedForPlatformAdminsOnly() {
        var listed = api.get("/api/v1/organizations", BOOTSTRAP_KEY);
        assertEquals(200, listed.status());
        assertTrue(listed.json().path("count").asInt() >= 3);
        assertEquals(403, api.get("/api/v1/organizations", acme.adminKey()).status());
        assertEquals(403, api.post("/api/v1/organizations", acme.adminKey(), Api.json(Map.of("name", "x"))).status());
        var own = api.get("/api/v1/organizations/" + acme.orgId(), acme.adminKey());
        assertEquals(200, own.status());
        assertTrue(own.text("defaultWorkspaceId").startsWith("ws_"));
    }

    @Test
    void neitherOrganizationCanSeeTheOthersUsers() {
        assertEquals(404, api.get("/api/v1/users/" + globex.memberId(), acme.adminKey()).status());
        assertEquals(404, api.delete("/api/v1/users/" + globex.memberId(), acme.adminKey()).status());
        var listed = api.get("/api/v1/users", acme.adminKey());
        assertEquals(200, listed.status());
        assertTrue(listed.raw().contains(acme.memberId()));
        assertEquals(listed.json().path("count").asInt(), listed.json().path("items").size());
        assertTrue(!listed.raw().contains(globex.memberId()));
        assertEquals(200, api.get("/api/v1/users/" + globex.memberId(), globex.adminKey()).status());
    }

    @Test
    void neitherOrganizationCanSeeTheOthersKeys() {
        assertEquals(404, api.delete("/api/v1/api-keys/" + globex.memberKeyId(), acme.adminKey()).status());
        var listed = api.get("/api/v1/api-keys", acme.adminKey());
        assertTrue(!listed.raw().contains(globex.memberKeyId()));
        var forGlobexUser = api.post("/api/v1/api-keys", acme.adminKey(),
                Api.json(Map.of("name", "sneaky", "userId", globex.memberId())));
        assertEquals(404, forGlobexUser.status());
        assertEquals(200, api.get("/api/v1/api-keys", globex.memberKey()).status());
    }

    @Test
    void otherOrganizationsLimitsAreNotFound() {
        assertEquals(404, api.put("/api/v1/organizations/" + globex.orgId() + "/limits", acme.adminKey(),
                Api.json(Map.of("sessionSecondsBudget", 10))).status());
        var own = api.put("/api/v1/organizations/" + acme.orgId() + "/limits", BOOTSTRAP_KEY,
                Api.json(Map.of("sessionSecondsBudget", 3600, "concurrentCallLimit", 5)));
        assertEquals(200, own.status(), own.raw());
        assertEquals(3600, own.json().path("sessionSecondsBudget").asInt());
        assertEquals(5, own.json().path("concurrentCallLimit").asInt());
        var negative = api.put("/api/v1/organizations/" + acme.orgId() + "/limits", BOOTSTRAP_KEY,
                Api.json(Map.of("concurrentCallLimit", -1)));
        assertEquals(400, negative.status());
        assertEquals("concurrentCallLimit", negative.text("field"));
    }

    @Test
    void memberCannotCreateKeysBeyondItsOwnScopes() {
        var beyond = api.post("/api/v1/api-keys", acme.memberKey(),
                Api.json(Map.of("name", "escalate", "scopes", List.of("workflows:read", "streaming-sessions:write"))));
        assertEquals(403, beyond.status());
        assertTrue(beyond.text("message").contains("streaming-sessions:write"));
        var admin = api.post("/api/v1/api-keys", acme.memberKey(),
                Api.json(Map.of("name", "escalate", "scopes", List.of("admin"))));
        assertEquals(403, admin.status());
        var within = api.post("/api/v1/api-keys", acme.memberKey(),
                Api.json(Map.of("name", "narrower", "scopes", List.of("workflows:read"))));
        assertEquals(201, within.status(), within.raw());
        assertEquals(List.of("workflows:read"), List.of(within.json().path("scopes").get(0).asText()));
        var unknown = api.post("/api/v1/api-keys", acme.memberKey(),
                Api.json(Map.of("name", "bad", "scopes", List.of("everything"))));
        assertEquals(400, unknown.status());
        assertEquals("scopes", unknown.text("field"));
    }

    @Test
    void membersCannotAdministerUsers() {
        assertEquals(403, api.get("/api/v1/users", acme.memberKey()).status());
        assertEquals(403, api.post("/api/v1/users", acme.memberKey(), Api.json(Map.of("email", "x@y.z"))).status());
    }

    @Test
    void deletedUsersKeysStopWorking() {
        var user = api.post("/api/v1/users", acme.adminKey(), Api.json(Map.of("email", "leaver@acme.test")));
        var key = api.post("/api/v1/api-keys", acme.adminKey(),
                Api.json(Map.of("name", "leaver key", "userId", user.text("id"))));
        assertEquals(200, api.get("/api/v1/api-keys", key.text("key")).status());
        assertEquals(204, api.delete("/api/v1/users/" + user.text("id"), acme.adminKey()).status());
        assertEquals(401, api.get("/api/v1/api-keys", key.text("key")).status());
        assertEquals(404, api.get("/api/v1/users/" + user.text("id"), acme.adminKey()).status());
    }

    @Test
    void userValidationNamesTheField() {
        var badEmail = api.post("/api/v1/users", acme.adminKey(), Api.json(Map.of("email", "not-an-email")));
        assertEquals(400, badEmail.status());
        assertEquals("email", badEmail.text("field"));
        var badRole = api.post("/api/v1/users", acme.adminKey(), Api.json(Map.of("email", "r@acme.test", "role", "god")));
        assertEquals(400, badRole.status());
        assertEquals("role", badRole.text("field"));
        api.post("/api/v1/users", acme.adminKey(), Api.json(Map.of("email", "dup@acme.test")));
        assertEquals(409, api.post("/api/v1/users", acme.adminKey(), Api.json(Map.of("email", "DUP@acme.test"))).status());
    }
}
