package io.mgw.controlplane.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.mgw.adapters.contract.CallAdmissionRequest;
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
        return internal("/internal/v1/calls", Api.json(admission(tenant, agent, callId, null)));
    }

    /** The gateway's abandon of an admission it stopped waiting for; it always succeeds (200). */
    private Api.Response abandon(Tenant tenant, String agent, String callId, String sessionId) {
        var abandoned = internal("/internal/v1/calls/abandon", Api.json(admission(tenant, agent, callId, sessionId)));
        assertEquals(200, abandoned.status(), abandoned.raw());
        return abandoned;
    }

    /** The body a gateway sends to admit a call, and to abandon it when the answer does not come. */
    private Map<String, Object> admission(Tenant tenant, String agent, String callId, String sessionId) {
        Map<String, Object> body = new HashMap<>(Map.of("agent_uuid", agent, "organization_id", tenant.orgId(),
                "provider", "cloudonix", "caller_number", "+15551230001", "called_number", "+15551230002",
                "provider_identifiers", Map.of("identifier", "acme.cloudonix.net", "session", "S1"),
                "telephony_configuration_id", configuration(tenant)));
        body.put("call_id", callId);
        body.put("session_id", sessionId);
        return body;
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

    @Test
    void anAdmissionAbandonedAfterItWasMadeFailsItsSessionUnchargedAndFreesTheCallSlot() {
        Tenant late = Tenants.create(api, "late");
        String agent = agentLimitedToOneCall(late);
        String sessionId = CallAdmissionRequest.newSessionId();
        var admitted = internal("/internal/v1/calls", Api.json(admission(late, agent, "L1", sessionId)));
        assertEquals(201, admitted.status(), admitted.raw());
        assertEquals(sessionId, admitted.text("session_id"), "the gateway's id is the session's");

        var abandoned = abandon(late, agent, "L1", sessionId);
        assertTrue(abandoned.json().path("existed").asBoolean(), abandoned.raw());
        var session = api.get("/api/v1/streaming-sessions/" + sessionId, late.ownerKey());
        assertEquals("failed", session.text("status"), session.raw());
        assertEquals(1011, session.json().path("call").path("close_code").asInt(), session.raw());
        assertTrue(session.text("end_reason").contains("abandoned"), session.raw());
        assertEquals(0, api.get("/api/v1/organizations/" + late.orgId(), ControlPlaneTestSupport.BOOTSTRAP_KEY)
                .json().path("sessionSecondsUsed").asLong(), "a call that never ran is not charged");
        var next = admit(late, agent, "L2");
        assertEquals(201, next.status(), "the abandoned call holds no slot: " + next.raw());
    }

    @Test
    void anAdmissionAbandonedBeforeItArrivesIsRecordedAsAFailedCallAndThenRefused() {
        Tenant early = Tenants.create(api, "early");
        String agent = agentLimitedToOneCall(early);
        String sessionId = CallAdmissionRequest.newSessionId();
        var abandoned = abandon(early, agent, "E1", sessionId);
        assertFalse(abandoned.json().path("existed").asBoolean(), abandoned.raw());
        var session = api.get("/api/v1/streaming-sessions/" + sessionId, early.ownerKey());
        assertEquals(200, session.status(), session.raw());
        assertEquals("failed", session.text("status"), session.raw());
        assertEquals("E1", session.json().path("call").path("call_id").asText(), session.raw());
        assertEquals("+15551230001", session.json().path("call").path("caller_number").asText(), session.raw());

        var late = internal("/internal/v1/calls", Api.json(admission(early, agent, "E1", sessionId)));
        assertEquals(409, late.status(), late.raw());
        assertEquals("session_exists", late.text("refused"));
        var again = abandon(early, agent, "E1", sessionId);
        assertTrue(again.json().path("existed").asBoolean(), "a second abandon finds the first one's record: " + again.raw());
        assertEquals("failed", api.get("/api/v1/streaming-sessions/" + sessionId, early.ownerKey()).text("status"));
        assertEquals(201, admit(early, agent, "E2").status(), "no call slot held");
    }

    @Test
    void badAbandonsAndSessionIdsAreRefused() {
        assertEquals(400, internal("/internal/v1/calls/abandon", Api.json(admission(acme, agentUuid, "B1", null))).status(),
                "no session id");
        assertEquals(400, internal("/internal/v1/calls/abandon", Api.json(admission(acme, agentUuid, "B1", "wf_notasession")))
                .status(), "not a session id");
        assertEquals(400, internal("/internal/v1/calls", Api.json(admission(acme, agentUuid, "B1", "sess_has spaces")))
                .status(), "a malformed session id is not admitted");
        assertEquals(404, internal("/internal/v1/calls/abandon", Api.json(admission(acme, UUID.randomUUID().toString(), "B1",
                "sess_unknownagent0000000"))).status(), "an unknown agent");
        assertEquals(400, internal("/internal/v1/calls/abandon", "").status(), "no body");
        assertEquals(401, api.post("/internal/v1/calls/abandon", acme.ownerKey(),
                Api.json(admission(acme, agentUuid, "B1", "sess_withoutservicetoken0"))).status(), "service token only");
    }
}
