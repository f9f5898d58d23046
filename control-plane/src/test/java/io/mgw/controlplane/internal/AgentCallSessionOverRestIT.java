package io.mgw.controlplane.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.mgw.adapters.contract.RedisKeys;
import io.mgw.adapters.contract.events.EventFactory;
import io.mgw.adapters.contract.events.EventJson;
import io.mgw.adapters.contract.events.MgwEvent;
import io.mgw.controlplane.testing.Api;
import io.mgw.controlplane.testing.ControlPlaneTestSupport;
import io.mgw.controlplane.testing.RealRuntime;
import io.mgw.controlplane.testing.Tenants;
import io.mgw.controlplane.testing.Tenants.Tenant;
import io.mgw.embedded.TestServices;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An agent-stream call's session as an operator sees it over the sessions REST API: admitted through
 * {@code /internal/v1/calls}, it is listed with its call facts while it runs; the gateway's {@code session.state}
 * events (a pod lost, the call moved) and its {@code call.closed} show up on it, and after the release it stays
 * readable, ended, with the close code and the reason.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentCallSessionOverRestIT implements TestPropertyProvider {

    static final String SERVICE = "test-service-token-0123456789abcdef0123";
    final String stream = RedisKeys.EVENTS + ":test:" + UUID.randomUUID();
    RealRuntime runtime;
    final RedisClient redis = RedisClient.create(TestServices.redisUrl());
    final StatefulRedisConnection<String, String> connection = redis.connect();
    final EventFactory events = EventFactory.systemUtc();
    @Inject
    EmbeddedServer server;
    Api api;
    Tenant acme;
    String agentUuid;
    String configurationId;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(ControlPlaneTestSupport.properties("agentcallsessions"));
        properties.put("mgw.events.stream", stream);
        runtime = new RealRuntime(properties);
        properties.put("mgw.runtime-url", runtime.url());
        return properties;
    }

    @BeforeAll
    void setUp() {
        api = new Api(server.getURI());
        acme = Tenants.create(api, "acme");
        String workflowId = api.post("/api/v1/workflows", acme.ownerKey(), Api.json(Map.of("name", "voice",
                "workflowType", "streaming", "nodes", List.of(Map.of("id", "e", "nodeId", "echo"))))).text("workflowId");
        agentUuid = api.get("/api/v1/workflows/" + workflowId, acme.ownerKey()).text("agentUuid");
        var created = api.post("/api/v1/telephony-configurations", acme.ownerKey(), Api.json(Map.of(
                "provider", "cloudonix", "identifier", "acme-calls.cloudonix.net", "name", "main",
                "credentials", Map.of("bearer_token", "cx-bearer-token-0123456789-abcdef"))));
        assertEquals(201, created.status(), created.raw());
        configurationId = created.text("id");
    }

    @AfterAll
    void tearDown() {
        connection.close();
        redis.shutdown();
        runtime.close();
    }

    private Api.Response internal(String path, String body) {
        var builder = api.request(path, null).header("X-Service-Token", SERVICE);
        return api.send(builder.header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    }

    /** What a gateway does: {@code XADD} of the contract's event record. */
    private void publish(MgwEvent event) {
        connection.sync().xadd(stream, EventJson.toStreamEntry(event));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 15_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(25);
        }
    }

    @Test
    void theCallsSessionIsVisibleWhileItRunsAndAfterWithWhyItEnded() throws Exception {
        var admitted = internal("/internal/v1/calls", Api.json(Map.of("agent_uuid", agentUuid,
                "organization_id", acme.orgId(), "provider", "cloudonix", "call_id", "S1",
                "caller_number", "+15551230001", "called_number", "+15551230002",
                "provider_identifiers", Map.of("identifier", "acme-calls.cloudonix.net", "call_sid", "CA1"),
                "telephony_configuration_id", configurationId)));
        assertEquals(201, admitted.status(), admitted.raw());
        String sid = admitted.text("session_id");
        String path = "/api/v1/streaming-sessions/" + sid;

        var running = api.get(path, acme.ownerKey());
        assertEquals(200, running.status(), running.raw());
        assertTrue(List.of("ready", "scheduling").contains(running.text("status")), running.raw());
        var call = running.json().path("call");
        assertEquals("inbound", call.path("call_type").asText());
        assertEquals("S1", call.path("call_id").asText());
        assertEquals("cloudonix", call.path("provider").asText());
        assertEquals("+15551230001", call.path("caller_number").asText());
        assertEquals("acme-calls.cloudonix.net", call.path("provider_identifiers").path("identifier").asText());
        assertTrue(api.get("/api/v1/streaming-sessions", acme.ownerKey()).raw().contains(sid), "listed while it runs");

        publish(events.sessionState(acme.orgId(), sid, "active", null));
        publish(events.sessionState(acme.orgId(), sid, "connecting", "pod connection lost, moving the call"));
        await("the move recorded", () -> "connecting".equals(api.get(path, acme.ownerKey()).text("status")));
        publish(events.sessionState(acme.orgId(), sid, "active", "call moved to another pod"));
        await("the call active again", () -> "active".equals(api.get(path, acme.ownerKey()).text("status")));

        assertEquals(200, internal("/internal/v1/calls/" + sid + "/release", "").status());
        publish(events.callClosed(acme.orgId(), sid, "agent-stream", 1011, "pod lost, no pod took the call", 4200, 210,
                190, 0));
        await("the close recorded", () -> api.get(path, acme.ownerKey()).json().path("call").path("close_code").asInt() == 1011);
        var after = api.get(path, acme.ownerKey());
        assertEquals(200, after.status(), after.raw());
        assertEquals("ended", after.text("status"));
        assertEquals("pod lost, no pod took the call", after.json().path("call").path("close_reason").asText());
        assertTrue(after.json().hasNonNull("ended_at"), after.raw());
    }
}
