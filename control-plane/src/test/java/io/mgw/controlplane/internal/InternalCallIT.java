package io.mgw.controlplane.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.mgw.controlplane.testing.Api;
import io.mgw.controlplane.testing.ControlPlaneTestSupport;
import io.mgw.controlplane.testing.RealRuntime;
import io.mgw.controlplane.testing.Tenants;
import io.mgw.controlplane.testing.Tenants.Tenant;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The agent stream's internal API: agent lookup, call admission (quota, concurrent calls) and release. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InternalCallIT implements TestPropertyProvider {

    static final String SERVICE = "test-service-token-0123456789abcdef0123";
    RealRuntime runtime;
    @Inject
    EmbeddedServer server;
    Api api;
    Tenant acme;
    String workflowId;
    String agentUuid;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(ControlPlaneTestSupport.properties("internalcalls"));
        runtime = new RealRuntime(properties);
        properties.put("mgw.runtime-url", runtime.url());
        return properties;
    }

    @BeforeAll
    void setUp() {
        api = new Api(server.getURI());
        acme = Tenants.create(api, "acme");
        workflowId = api.post("/api/v1/workflows", acme.ownerKey(), Api.json(Map.of("name", "voice",
                "workflowType", "streaming", "nodes", List.of(Map.of("id", "e", "nodeId", "echo"))))).text("workflowId");
        agentUuid = api.get("/api/v1/workflows/" + workflowId, acme.ownerKey()).text("agentUuid");
    }

    @AfterAll
    void tearDown() {
        runtime.close();
    }

    private Api.Response internal(String path, String body) {
        var builder = api.request(path, null).header("X-Service-Token", SERVICE);
        return api.send(body == null ? builder.GET()
                : builder.header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    }

    private final Map<String, String> configurations = new HashMap<>();

    private String configuration(Tenant tenant) {
        return configurations.computeIfAbsent(tenant.orgId(), org -> {
            var created = api.post("/api/v1/telephony-configurations", tenant.ownerKey(), Api.json(Map.of(
                    "provider", "cloudonix", "identifier", tenant.orgId().toLowerCase().replace('_', '-'), "name", "main",
                    "credentials", Map.of("bearer_token", "cx-bearer-token-0123456789-abcdef"))));
            assertEquals(201, created.status(), created.raw());
            return created.text("id");
        });
    }

    private Api.Response admit(Tenant tenant, String agent, String callId) {
        Map<String, Object> body = new HashMap<>(Map.of("agent_uuid", agent, "organization_id", tenant.orgId(),
                "provider", "cloudonix", "caller_number", "+15551230001", "called_number", "+15551230002",
                "provider_identifiers", Map.of("identifier", "acme.cloudonix.net", "session", "S1"),
                "telephony_configuration_id", configuration(tenant)));
        body.put("call_id", callId);
        return internal("/internal/v1/calls", Api.json(body));
    }

    @Test
    void agentLookup() {
        var found = internal("/internal/v1/agents/" + agentUuid, null);
        assertEquals(200, found.status(), found.raw());
        assertEquals(workflowId, found.text("workflow_id"));
        assertEquals(acme.orgId(), found.text("organization_id"));
        assertEquals("streaming", found.text("workflow_type"));
        assertEquals(404, internal("/internal/v1/agents/" + UUID.randomUUID(), null).status());
        assertEquals(404, internal("/internal/v1/agents/not-a-uuid", null).status());
        assertEquals(401, api.get("/internal/v1/agents/" + agentUuid, acme.ownerKey()).status());
    }

    @Test
    void admissionCreatesAnInboundSessionAndReleaseEndsIt() {
        var admitted = admit(acme, agentUuid, "S1");
        assertEquals(201, admitted.status(), admitted.raw());
        String sessionId = admitted.text("session_id");
        assertTrue(sessionId.startsWith("sess"), sessionId);
        assertTrue(admitted.json().hasNonNull("deployment_id"));
        var session = api.get("/api/v1/streaming-sessions/" + sessionId, acme.ownerKey());
        assertEquals(200, session.status(), session.raw());
        var route = internal("/internal/v1/sessions/" + sessionId, null);
        assertTrue(List.of("ready", "scheduling").contains(route.text("status")), route.raw());
        var released = internal("/internal/v1/calls/" + sessionId + "/release", "");
        assertEquals(200, released.status(), released.raw());
        assertEquals("ended", internal("/internal/v1/sessions/" + sessionId, null).text("status"));
        assertEquals(404, internal("/internal/v1/calls/sess_unknown000000000/release", "").status());
        assertEquals(404, admit(acme, UUID.randomUUID().toString(), "S2").status());
        var foreign = internal("/internal/v1/calls", Api.json(Map.of("agent_uuid", agentUuid, "organization_id", acme.orgId(),
                "provider", "cloudonix", "telephony_configuration_id", "tc_unknown")));
        assertEquals(400, foreign.status(), foreign.raw());
    }

    /** A new tenant with one streaming workflow and a concurrent-call limit of one; answers the workflow's agent UUID. */
    private String agentLimitedToOneCall(Tenant tenant) {
        String wf = api.post("/api/v1/workflows", tenant.ownerKey(), Api.json(Map.of("name", "v",
                "workflowType", "streaming"))).text("workflowId");
        assertEquals(200, api.put("/api/v1/organizations/" + tenant.orgId() + "/limits", ControlPlaneTestSupport.BOOTSTRAP_KEY,
                Api.json(Map.of("concurrentCallLimit", 1))).status());
        return api.get("/api/v1/workflows/" + wf, tenant.ownerKey()).text("agentUuid");
    }

    @Test
    void callsWithoutACallIdCountAgainstTheConcurrentCallLimitAndShowTheirCall() {
        Tenant tight = Tenants.create(api, "tight");
        String agent = agentLimitedToOneCall(tight);
        var first = admit(tight, agent, null); // a provider that names no call (Vonage without a uuid)
        assertEquals(201, first.status(), first.raw());
        var session = api.get("/api/v1/streaming-sessions/" + first.text("session_id"), tight.ownerKey());
        assertEquals("inbound", session.json().path("call").path("call_type").asText(), session.raw());
        assertEquals("+15551230001", session.json().path("call").path("caller_number").asText(), session.raw());
        var second = admit(tight, agent, null);
        assertEquals(409, second.status(), second.raw());
        assertEquals("concurrent_calls", second.text("refused"));
    }

    @Test
    void quotaAndConcurrentCallLimitsRefuse() {
        Tenant small = Tenants.create(api, "small");
        String agent = agentLimitedToOneCall(small);
        var first = admit(small, agent, "C1");
        assertEquals(201, first.status(), first.raw());
        var second = admit(small, agent, "C2");
        assertEquals(409, second.status(), second.raw());
        assertEquals("concurrent_calls", second.text("refused"));
        assertEquals(200, internal("/internal/v1/calls/" + first.text("session_id") + "/release", "").status());
        assertEquals(201, admit(small, agent, "C3").status(), "the released slot is free again");
        assertEquals(200, api.put("/api/v1/organizations/" + small.orgId() + "/limits", ControlPlaneTestSupport.BOOTSTRAP_KEY,
                Api.json(Map.of("sessionSecondsBudget", 0, "concurrentCallLimit", 100))).status());
        var broke = admit(small, agent, "C4");
        assertEquals(409, broke.status(), broke.raw());
        assertEquals("quota", broke.text("refused"));
    }
}
