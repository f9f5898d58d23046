package io.mgw.controlplane.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.mgw.controlplane.testing.Api;
import io.mgw.controlplane.testing.ControlPlaneTestSupport;
import io.mgw.controlplane.testing.Tenants;
import io.mgw.controlplane.testing.Tenants.Tenant;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every per-workflow endpoint answers 401, 403, 400 and 404 (unknown and foreign ids) in DESIGN.md's order. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkflowEndpointMatrixIT implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;
    Api api;
    Tenant acme;
    Tenant globex;
    String foreignWorkflow;
    String noScopesKey;

    /** One endpoint: method, path after the workflow id, a valid body, and the scope it needs. */
    record Endpoint(String method, String suffix, String body, String scope) {
        @Override
        public String toString() {
            return method + " {id}" + suffix;
        }
    }

    static Stream<Endpoint> endpoints() {
        String nodeBody = Api.json(Map.of("nodeId", "log"));
        return Stream.of(
                new Endpoint("GET", "", null, "workflows:read"),
                new Endpoint("PUT", "", Api.json(Map.of("name", "x")), "workflows:write"),
                new Endpoint("DELETE", "", null, "workflows:write"),
                new Endpoint("POST", "/duplicate", "", "workflows:write"),
                new Endpoint("PUT", "/status", Api.json(Map.of("status", "active")), "workflows:write"),
                new Endpoint("GET", "/share", null, "workflows:read"),
                new Endpoint("POST", "/share", Api.json(Map.of("userId", "user_someone0000000000")), "workflows:write"),
                new Endpoint("DELETE", "/share/user_someone0000000000", null, "workflows:write"),
                new Endpoint("GET", "/versions", null, "workflows:read"),
                new Endpoint("POST", "/versions", Api.json(Map.of("versionTag", "v1")), "workflows:write"),
                new Endpoint("GET", "/nodes", null, "workflows:read"),
                new Endpoint("POST", "/nodes", nodeBody, "workflows:write"),
                new Endpoint("PUT", "/nodes/node-aaaaaaaaaaaaaaaa", Api.json(Map.of("config", Map.of())), "workflows:write"),
                new Endpoint("DELETE", "/nodes/node-aaaaaaaaaaaaaaaa", null, "workflows:write"),
                new Endpoint("PUT", "/nodes/node-aaaaaaaaaaaaaaaa/input-mappings",
                        Api.json(Map.of("mappings", Map.of("a", "data.a"))), "workflows:write"),
                new Endpoint("PUT", "/nodes/node-aaaaaaaaaaaaaaaa/passthrough-values",
                        Api.json(Map.of("values", Map.of("a", "a"))), "workflows:write"),
                new Endpoint("POST", "/connections", Api.json(Map.of("sourceNodeId", "a", "targetNodeId", "b")),
                        "workflows:write"),
                new Endpoint("DELETE", "/connections/conn-aaaaaaaaaaaaaaaa", null, "workflows:write"),
                new Endpoint("POST", "/validate", "", "workflows:read"),
                new Endpoint("POST", "/layout", "", "workflows:write"),
                new Endpoint("POST", "/compute-scopes", "", "workflows:write"),
                new Endpoint("POST", "/deploy", "", "workflows:write"),
                new Endpoint("POST", "/undeploy", "", "workflows:write"),
                new Endpoint("POST", "/stop", "", "workflows:write"),
                new Endpoint("POST", "/start", "{}", "workflows:write"),
                new Endpoint("GET", "/lifecycle", null, "workflows:read"),
                new Endpoint("PUT", "/lifecycle", Api.json(Map.of("type", "always-on")), "workflows:write"));
    }

    @Override
    public Map<String, String> getProperties() {
        return ControlPlaneTestSupport.properties("wfmatrix");
    }

    @BeforeAll
    void tenants() {
        api = new Api(server.getURI());
        acme = Tenants.create(api, "acme");
        globex = Tenants.create(api, "globex");
        var created = api.post("/api/v1/workflows", globex.ownerKey(), Api.json(Map.of("name", "globex")));
        foreignWorkflow = created.text("workflowId");
        noScopesKey = acme.ownerKeyWith("telephony:read");
    }

    private Api.Response call(Endpoint endpoint, String workflowId, String key) {
        HttpRequest.Builder request = api.request("/api/v1/workflows/" + workflowId + endpoint.suffix(), key);
        HttpRequest.BodyPublisher body = endpoint.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(endpoint.body());
        if (endpoint.body() != null) {
            request.header("Content-Type", "application/json");
        }
        return api.send(request.method(endpoint.method(), body));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void answersInTheDocumentedOrder(Endpoint endpoint) {
        assertEquals(401, call(endpoint, foreignWorkflow, null).status(), "no key");
        assertEquals(401, call(endpoint, foreignWorkflow, "mgw_unknownKeyUnknownKeyUnknownKey000000").status(), "unknown key");
        var malformed = call(endpoint, "bad$id", acme.ownerKey());
        assertEquals(400, malformed.status(), "malformed id: " + malformed.raw());
        assertEquals(403, call(endpoint, foreignWorkflow, noScopesKey).status(), "missing " + endpoint.scope());
        assertEquals(404, call(endpoint, "wf_doesnotexist000000000", acme.ownerKey()).status(), "unknown id");
        var foreign = call(endpoint, foreignWorkflow, acme.ownerKey());
        assertEquals(404, foreign.status(), "another organization's id: " + foreign.raw());
        assertEquals("not_found", foreign.text("error"));
        String scoped = acme.ownerKeyWith(endpoint.scope());
        assertEquals(404, call(endpoint, foreignWorkflow, scoped).status(), "scope alone does not cross tenants");
    }

}
