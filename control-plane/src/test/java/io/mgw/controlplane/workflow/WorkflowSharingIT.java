package io.mgw.controlplane.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.mgw.controlplane.testing.Api;
import io.mgw.controlplane.testing.ControlPlaneTestSupport;
import io.mgw.controlplane.testing.Tenants;
import io.mgw.controlplane.testing.Tenants.Member;
import io.mgw.controlplane.testing.Tenants.Tenant;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkflowSharingIT implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;
    Api api;
    Tenant acme;
    Tenant globex;
    Member alice;
    Member bob;

    @Override
    public Map<String, String> getProperties() {
        return ControlPlaneTestSupport.properties("wfshare");
    }

    @BeforeAll
    void tenants() {
        api = new Api(server.getURI());
        acme = Tenants.create(api, "acme");
        globex = Tenants.create(api, "globex");
        alice = acme.member("alice@acme.test");
        bob = acme.member("bob@acme.test");
    }

    private String create(String key, Map<String, Object> body) {
        var created = api.post("/api/v1/workflows", key, Api.json(body));
        assertEquals(201, created.status(), created.raw());
        return created.text("workflowId");
    }

    @Test
    void callersSeeOwnSharedAndPublicWorkflowsOnly() {
        String privateOne = create(acme.ownerKey(), Map.of("name", "private"));
        String publicOne = create(acme.ownerKey(), Map.of("name", "public", "isPublic", true));
        assertEquals(404, api.get("/api/v1/workflows/" + privateOne, alice.key()).status());
        assertEquals(200, api.get("/api/v1/workflows/" + publicOne, alice.key()).status());
        var aliceList = api.get("/api/v1/workflows", alice.key());
        assertTrue(aliceList.raw().contains(publicOne));
        assertTrue(!aliceList.raw().contains(privateOne));
        assertEquals(404, api.get("/api/v1/workflows/" + publicOne, globex.ownerKey()).status(), "public is per organization");
        assertEquals(403, api.put("/api/v1/workflows/" + publicOne, alice.key(), Api.json(Map.of("name", "mine now"))).status(),
                "public means readable, not writable");
    }

    @Test
    void sharingGrantsVisibilityAndEditing() {
        String id = create(acme.ownerKey(), Map.of("name", "to share"));
        var shared = api.post("/api/v1/workflows/" + id + "/share", acme.ownerKey(), Api.json(Map.of("userId", alice.userId())));
        assertEquals(200, shared.status(), shared.raw());
        assertEquals("Workflow shared successfully", shared.text("message"));
        assertEquals(alice.userId(), shared.text("userId"));
        assertEquals(200, api.get("/api/v1/workflows/" + id, alice.key()).status());
        assertEquals(200, api.put("/api/v1/workflows/" + id, alice.key(), Api.json(Map.of("name", "edited by alice"))).status());
        var list = api.get("/api/v1/workflows/" + id + "/share", acme.ownerKey());
        assertEquals(alice.userId(), list.json().path("sharedWith").get(0).path("userId").asText());
        assertTrue(list.json().path("sharedWith").get(0).has("sharedAt"));
        assertEquals(alice.userId(), api.get("/api/v1/workflows/" + id, acme.ownerKey()).json().path("sharedWith").get(0).asText());
        assertEquals(403, api.post("/api/v1/workflows/" + id + "/share", alice.key(), Api.json(Map.of("userId", bob.userId()))).status(),
                "only the owner or an admin shares");
        assertEquals(204, api.delete("/api/v1/workflows/" + id + "/share/" + alice.userId(), acme.ownerKey()).status());
        assertEquals(404, api.get("/api/v1/workflows/" + id, alice.key()).status());
        assertEquals(404, api.delete("/api/v1/workflows/" + id + "/share/" + alice.userId(), acme.ownerKey()).status());
    }

    @Test
    void sharingOnlyWithUsersOfTheSameOrganization() {
        String id = create(acme.ownerKey(), Map.of("name", "not for globex"));
        assertEquals(404, api.post("/api/v1/workflows/" + id + "/share", acme.ownerKey(),
                Api.json(Map.of("userId", globex.ownerId()))).status());
        var missing = api.post("/api/v1/workflows/" + id + "/share", acme.ownerKey(), "{}");
        assertEquals(400, missing.status());
        assertEquals("userId", missing.text("field"));
        assertEquals(400, api.post("/api/v1/workflows/" + id + "/share", acme.ownerKey(),
                Api.json(Map.of("userId", "not valid!"))).status());
        assertEquals(400, api.post("/api/v1/workflows/" + id + "/share", acme.ownerKey(),
                Api.json(Map.of("userId", acme.ownerId()))).status(), "the owner already has access");
        assertEquals(404, api.post("/api/v1/workflows/" + id + "/share", globex.ownerKey(),
                Api.json(Map.of("userId", globex.ownerId()))).status());
        assertEquals(403, api.post("/api/v1/workflows/" + id + "/share", acme.ownerKeyWith("workflows:read"),
                Api.json(Map.of("userId", alice.userId()))).status());
    }

    @Test
    void versionsSnapshotTheGraph() {
        String id = create(acme.ownerKey(), Map.of("name", "versioned"));
        var empty = api.get("/api/v1/workflows/" + id + "/versions", acme.ownerKey());
        assertEquals(0, empty.json().path("versions").size());
        var v1 = api.post("/api/v1/workflows/" + id + "/versions", acme.ownerKey(),
                Api.json(Map.of("versionTag", "v1.0.0", "description", "Initial version")));
        assertEquals(201, v1.status(), v1.raw());
        assertEquals(1, v1.json().path("version").asInt());
        assertEquals("v1.0.0", v1.text("versionTag"));
        var v2 = api.post("/api/v1/workflows/" + id + "/versions", acme.ownerKey(), Api.json(Map.of("versionTag", "v1.1.0")));
        assertEquals(2, v2.json().path("version").asInt());
        var list = api.get("/api/v1/workflows/" + id + "/versions", acme.ownerKey());
        assertEquals(2, list.json().path("currentVersion").asInt());
        assertEquals("v1.0.0", list.json().path("versions").get(0).path("versionTag").asText());
        assertEquals(acme.ownerId(), list.json().path("versions").get(0).path("createdBy").asText());
        assertEquals(2, api.get("/api/v1/workflows/" + id, acme.ownerKey()).json().path("version").asInt());
        var noTag = api.post("/api/v1/workflows/" + id + "/versions", acme.ownerKey(), Api.json(Map.of("description", "x")));
        assertEquals(400, noTag.status());
        assertEquals("versionTag", noTag.text("field"));
        assertEquals(404, api.post("/api/v1/workflows/" + id + "/versions", globex.ownerKey(),
                Api.json(Map.of("versionTag", "x"))).status());
        assertEquals(403, api.post("/api/v1/workflows/" + id + "/versions", acme.ownerKeyWith("workflows:read"),
                Api.json(Map.of("versionTag", "x"))).status());
    }
}
