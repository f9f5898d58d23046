package io.mgw.controlplane.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.mgw.controlplane.testing.Api;
import io.mgw.controlplane.testing.ControlPlaneTestSupport;
import io.mgw.controlplane.testing.Tenants;
import io.mgw.controlplane.testing.Tenants.Tenant;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkflowListIT implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;
    @Inject
    DataSource dataSource;
    Api api;
    Tenant acme;

    @Override
    public Map<String, String> getProperties() {
        return ControlPlaneTestSupport.properties("wflist");
    }

    @BeforeAll
    void data() {
        api = new Api(server.getURI());
        acme = Tenants.create(api, "acme");
        create("Alpha ETL", "Loads ORDERS nightly", "active", List.of("etl", "nightly"));
        create("Beta report", "weekly numbers", "draft", List.of("report"));
        create("Gamma 100% sync", "copies_things", "paused", List.of("etl"));
    }

    private void create(String name, String description, String status, List<String> tags) {
        var created = api.post("/api/v1/workflows", acme.ownerKey(), Api.json(Map.of("name", name,
                "description", description, "status", status, "tags", tags)));
        assertEquals(201, created.status(), created.raw());
    }

    private List<String> names(String query) {
        var response = api.get("/api/v1/workflows" + query, acme.ownerKey());
        assertEquals(200, response.status(), response.raw());
        List<String> names = new ArrayList<>();
        response.json().path("workflows").forEach(w -> names.add(w.path("name").asText()));
        return names;
    }

    @Test
    void listHasTheDocumentedShapeAndDefaults() {
        var response = api.get("/api/v1/workflows", acme.ownerKey());
        assertEquals(3, response.json().path("count").asInt());
        assertEquals(20, response.json().path("limit").asInt());
        assertEquals(0, response.json().path("offset").asInt());
        var first = response.json().path("workflows").get(0);
        assertEquals("Gamma 100% sync", first.path("name").asText(), "newest first by default");
        assertTrue(first.has("agentUuid") && first.has("tags") && !first.has("nodes"));
    }

    @Test
    void filtersByStatusTagAndSearch() {
        assertEquals(List.of("Alpha ETL"), names("?status=active"));
        assertEquals(List.of("Gamma 100% sync", "Alpha ETL"), names("?tag=etl"));
        assertEquals(List.of("Alpha ETL"), names("?search=orders"), "description, case-insensitive");
        assertEquals(List.of("Beta report"), names("?search=BETA"));
        assertEquals(List.of("Gamma 100% sync"), names("?search=" + enc("100%")), "% is literal");
        assertEquals(List.of("Gamma 100% sync"), names("?search=" + enc("_things")), "_ is literal");
        assertEquals(List.of(), names("?search=" + enc("s_n")));
        var badStatus = api.get("/api/v1/workflows?status=running", acme.ownerKey());
        assertEquals(400, badStatus.status());
        assertEquals("status", badStatus.text("field"));
    }

    @Test
    void sortAcceptsBothFormsAndOnlyWhitelistedFields() {
        assertEquals(List.of("Alpha ETL", "Beta report", "Gamma 100% sync"), names("?sort=createdAt"));
        assertEquals(names("?sort=-createdAt"), names("?sort=createdAt:desc"));
        assertEquals(List.of("Gamma 100% sync", "Beta report", "Alpha ETL"), names("?sort=name:desc"));
        for (String bad : List.of("ownerId", "createdAt;DROP TABLE workflows", "name desc", "createdAt:sideways",
                "1", "created_at")) {
            var response = api.get("/api/v1/workflows?sort=" + enc(bad), acme.ownerKey());
            assertEquals(400, response.status(), bad);
            assertEquals("sort", response.text("field"));
        }
        assertEquals(3, api.get("/api/v1/workflows", acme.ownerKey()).json().path("count").asInt(), "table intact");
    }

    @Test
    void limitAndOffsetAreValidated() {
        assertEquals(List.of("Beta report"), names("?limit=1&offset=1"));
        assertEquals(400, api.get("/api/v1/workflows?limit=201", acme.ownerKey()).status());
        assertEquals(400, api.get("/api/v1/workflows?limit=0", acme.ownerKey()).status());
        assertEquals(400, api.get("/api/v1/workflows?limit=ten", acme.ownerKey()).status());
        var negative = api.get("/api/v1/workflows?offset=-1", acme.ownerKey());
        assertEquals(400, negative.status());
        assertEquals("offset", negative.text("field"));
    }

    @Test
    void aThousandWorkflowsPageWithStableOrdering() throws Exception {
        Tenant big = Tenants.create(api, "bigco");
        Timestamp sameInstant = Timestamp.from(Instant.parse("2026-01-01T00:00:00Z"));
        try (Connection connection = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO workflows (id, organization_id,"
                     + " workspace_id, owner_id, name, agent_uuid, created_at, updated_at) SELECT ?, ?, w.id, ?, ?, ?, ?, ?"
                     + " FROM workspaces w WHERE w.organization_id = ? AND w.is_default")) {
            for (int i = 0; i < 1000; i++) {
                insert.setString(1, String.format("wf_bulk%016d", i));
                insert.setString(2, big.orgId());
                insert.setString(3, big.ownerId());
                insert.setString(4, "bulk " + i);
                insert.setObject(5, UUID.randomUUID());
                // Ties on purpose: ordering must still be total.
                insert.setTimestamp(6, i % 2 == 0 ? sameInstant : Timestamp.from(sameInstant.toInstant().plusSeconds(i)));
                insert.setTimestamp(7, sameInstant);
                insert.setString(8, big.orgId());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        Set<String> seen = new HashSet<>();
        List<String> ordered = new ArrayList<>();
        for (int offset = 0; offset < 1000; offset += 200) {
            var page = api.get("/api/v1/workflows?limit=200&offset=" + offset + "&sort=createdAt", big.ownerKey());
            assertEquals(1000, page.json().path("count").asInt());
            page.json().path("workflows").forEach(w -> {
                assertTrue(seen.add(w.path("id").asText()), "duplicate across pages: " + w.path("id").asText());
                ordered.add(w.path("id").asText());
            });
        }
        assertEquals(1000, seen.size());
        var again = api.get("/api/v1/workflows?limit=200&offset=400&sort=createdAt", big.ownerKey());
        assertEquals(ordered.get(400), again.json().path("workflows").get(0).path("id").asText());
        assertEquals(0, api.get("/api/v1/workflows?offset=1000", big.ownerKey()).json().path("workflows").size());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
