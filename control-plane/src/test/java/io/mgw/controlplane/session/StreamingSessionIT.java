package io.mgw.controlplane.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.mgw.adapters.contract.RedisKeys;
import io.mgw.adapters.contract.WsTokens;
import io.mgw.controlplane.testing.Api;
import io.mgw.controlplane.testing.ControlPlaneTestSupport;
import io.mgw.controlplane.testing.RealRuntime;
import io.mgw.controlplane.testing.Tenants;
import io.mgw.controlplane.testing.Tenants.Tenant;
import io.mgw.controlplane.testing.TestClock;
import io.mgw.embedded.TestServices;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamingSessionIT implements TestPropertyProvider {

    static final String JWT_SECRET = "test-jwt-secret-0123456789abcdef0123456789";
    RealRuntime runtime;
    @Inject
    EmbeddedServer server;
    @Inject
    SessionReaper reaper;
    @Inject
    TestClock clock;
    @Inject
    io.mgw.controlplane.lifecycle.LifecycleReconciler lifecycle;
    Api api;
    Tenant acme;
    Tenant globex;
    String streamingWorkflow;
    String batchWorkflow;
    RedisClient redis;
    StatefulRedisPubSubConnection<String, String> pubsub;
    final BlockingQueue<String[]> controlMessages = new LinkedBlockingQueue<>();

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(ControlPlaneTestSupport.properties("sessions"));
        runtime = new RealRuntime(properties);
        properties.put("mgw.runtime-url", runtime.url());
        properties.put("mgw.public-ws-base", "wss://media.example.test/");
        properties.put("mgw.ephemeral-ttl-seconds", "60");
        properties.put("mgw.reaper-interval", "1h");
        return properties;
    }

    @BeforeAll
    void setUp() {
        api = new Api(server.getURI());
        acme = Tenants.create(api, "acme");
        globex = Tenants.create(api, "globex");
        streamingWorkflow = api.post("/api/v1/workflows", acme.ownerKey(), Api.json(Map.of("name", "voice",
                "workflowType", "streaming", "nodes", List.of(Map.of("id", "e", "nodeId", "echo"))))).text("workflowId");
        batchWorkflow = api.post("/api/v1/workflows", acme.ownerKey(), Api.json(Map.of("name", "batch"))).text("workflowId");
        redis = RedisClient.create(TestServices.redisUrl());
        pubsub = redis.connectPubSub();
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String pattern, String channel, String message) {
                controlMessages.add(new String[] {channel, message});
            }
        });
        pubsub.sync().psubscribe(RedisKeys.control("*"));
    }

    @AfterAll
    void tearDown() {
        pubsub.close();
        redis.shutdown();
        runtime.close();
    }

    private Api.Response create(Tenant tenant, Map<String, Object> body) {
        return api.post("/api/v1/streaming-sessions", tenant.ownerKey(), Api.json(body));
    }

    private String createSession() {
        var created = create(acme, Map.of("workflowId", streamingWorkflow));
        assertEquals(201, created.status(), created.raw());
        return created.text("session_id");
    }

    private String[] awaitControl(String sessionId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            String[] message = controlMessages.poll(100, TimeUnit.MILLISECONDS);
            if (message != null && message[0].equals(RedisKeys.control(sessionId))) {
                return message;
            }
        }
        throw new AssertionError("no control message for " + sessionId);
    }

    @Test
    void createProvisionsAnEphemeralDeploymentAndReturnsAVerifiableToken() {
        var created = create(acme, Map.of("workflowId", streamingWorkflow, "metadata", Map.of("callerId", "+15551234567"),
                "dispositionSchemaVersion", "v1", "estimatedDurationSeconds", 600, "correlationId", "corr_789"));
        assertEquals(201, created.status(), created.raw());
        String sessionId = created.text("session_id");
        assertTrue(sessionId.matches("sess_[a-z0-9]{16,24}"), sessionId);
        assertEquals("wss://media.example.test/api/v1/streaming/sessions/" + sessionId + "/ws", created.text("ws_url"));
        var verified = new WsTokens(JWT_SECRET).verify(created.text("ws_token"), sessionId);
        var valid = assertInstanceOf(WsTokens.Verification.Valid.class, verified, verified.toString());
        assertEquals(acme.orgId(), valid.organizationId());
        String deployment = api.get("/api/v1/streaming-sessions/" + sessionId, acme.ownerKey()).text("deployment_id");
        assertTrue(runtime.spec(deployment).isPresent(), "the dev run was deployed on the runtime: " + runtime.hosted());

        var session = api.get("/api/v1/streaming-sessions/" + sessionId, acme.ownerKey());
        assertEquals(200, session.status(), session.raw());
        assertEquals("ready", session.text("status"));
        assertEquals(streamingWorkflow, session.text("workflow_id"));
        assertTrue(session.text("deployment_id").startsWith("dep_"));
        assertEquals("+15551234567", session.json().path("metadata").path("callerId").asText());
        assertEquals("corr_789", session.text("correlationId"));
        assertEquals("v1", session.text("dispositionSchemaVersion"));
        assertEquals(600, session.json().path("estimatedDurationSeconds").asInt());
        assertEquals(acme.orgId(), session.text("organizationId"));
        assertTrue(session.json().has("started_at") && session.json().has("ready_at"));
        assertTrue(session.json().path("ended_at").isNull());
        assertNotEquals(created.text("ws_token"), session.text("ws_token"), "get mints a fresh token");
        assertInstanceOf(WsTokens.Verification.Valid.class, new WsTokens(JWT_SECRET).verify(session.text("ws_token"), sessionId));
        var deployments = api.get("/api/v1/streaming-workflows/" + streamingWorkflow + "/deployments", acme.ownerKey());
        assertTrue(deployments.json().get(0).path("ephemeral").asBoolean(), deployments.raw());
    }

    @Test
    void createValidatesAndChecksAccess() {
        assertField(Map.of(), "workflowId");
        assertField(Map.of("workflowId", "bad id"), "workflowId");
        assertField(Map.of("workflowId", batchWorkflow), "workflowId");
        assertField(Map.of("workflowId", streamingWorkflow, "metadata", "x"), "metadata");
        assertField(Map.of("workflowId", streamingWorkflow, "estimatedDurationSeconds", -1), "estimatedDurationSeconds");
        assertField(Map.of("workflowId", streamingWorkflow, "estimatedDurationSeconds", "long"), "estimatedDurationSeconds");
        assertField(Map.of("workflowId", streamingWorkflow, "correlationId", "x".repeat(129)), "correlationId");
        assertEquals(404, create(acme, Map.of("workflowId", "wf_nothere000000000000")).status());
        assertEquals(404, create(globex, Map.of("workflowId", streamingWorkflow)).status());
        assertEquals(401, api.post("/api/v1/streaming-sessions", null, Api.json(Map.of("workflowId", streamingWorkflow))).status());
        assertEquals(403, api.post("/api/v1/streaming-sessions", acme.ownerKeyWith("streaming-sessions:read"),
                Api.json(Map.of("workflowId", streamingWorkflow))).status());
    }

    private void assertField(Map<String, Object> body, String field) {
        var response = create(acme, body);
        assertEquals(400, response.status(), body + " " + response.raw());
        assertEquals(field, response.text("field"));
    }

    @Test
    void theBudgetGateRefusesWhatDoesNotFitAndCountsRealDurations() {
        Tenant budgeted = Tenants.create(api, "budgeted");
        assertEquals(200, api.put("/api/v1/organizations/" + budgeted.orgId() + "/limits", ControlPlaneTestSupport.BOOTSTRAP_KEY,
                Api.json(Map.of("sessionSecondsBudget", 100))).status());
        String workflow = api.post("/api/v1/workflows", budgeted.ownerKey(),
                Api.json(Map.of("name", "v", "workflowType", "streaming"))).text("workflowId");
        var refused = create(budgeted, Map.of("workflowId", workflow, "estimatedDurationSeconds", 101));
        assertEquals(402, refused.status(), refused.raw());
        assertEquals("budget-exceeded", refused.text("error"));
        var fits = create(budgeted, Map.of("workflowId", workflow, "estimatedDurationSeconds", 100));
        assertEquals(201, fits.status(), fits.raw());
        clock.advance(Duration.ofSeconds(90));
        assertEquals(204, api.delete("/api/v1/streaming-sessions/" + fits.text("session_id"), budgeted.ownerKey()).status());
        var org = api.get("/api/v1/organizations/" + budgeted.orgId(), budgeted.ownerKey());
        long used = org.json().path("sessionSecondsUsed").asLong();
        assertTrue(used >= 90 && used <= 92, "charged the real duration, got " + used);
        var now = create(budgeted, Map.of("workflowId", workflow, "estimatedDurationSeconds", 20));
        assertEquals(402, now.status(), "only ~10 s left: " + now.raw());
        assertEquals(201, create(budgeted, Map.of("workflowId", workflow, "estimatedDurationSeconds", 5)).status());
    }

    @Test
    void listFiltersByActiveStateAndWorkflow() {
        String live = createSession();
        String ended = createSession();
        api.delete("/api/v1/streaming-sessions/" + ended, acme.ownerKey());
        var active = api.get("/api/v1/streaming-sessions?status=active&workflowId=" + streamingWorkflow, acme.ownerKey());
        assertEquals(200, active.status(), active.raw());
        assertTrue(active.raw().contains(live) && !active.raw().contains(ended));
        assertEquals(50, active.json().path("limit").asInt());
        var endedOnly = api.get("/api/v1/streaming-sessions?status=ended", acme.ownerKey());
        assertTrue(endedOnly.raw().contains(ended) && !endedOnly.raw().contains(live));
        assertEquals(400, api.get("/api/v1/streaming-sessions?status=sleeping", acme.ownerKey()).status());
        assertEquals(400, api.get("/api/v1/streaming-sessions?limit=500", acme.ownerKey()).status());
        assertEquals(400, api.get("/api/v1/streaming-sessions?sort=password", acme.ownerKey()).status());
        assertEquals(0, api.get("/api/v1/streaming-sessions", globex.ownerKey()).json().path("count").asInt());
        var ofWorkflow = api.get("/api/v1/streaming-workflows/" + streamingWorkflow + "/sessions?status=active", acme.ownerKey());
        assertTrue(ofWorkflow.raw().contains(live), ofWorkflow.raw());
        assertEquals(404, api.get("/api/v1/streaming-workflows/" + streamingWorkflow + "/sessions", globex.ownerKey()).status());
    }

    @Test
    void endClosesTheSocketThroughTheControlChannelAndIsHarmlessTwice() throws Exception {
        String sessionId = createSession();
        assertEquals(204, api.delete("/api/v1/streaming-sessions/" + sessionId, acme.ownerKey()).status());
        String[] message = awaitControl(sessionId);
        assertTrue(message[1].contains("\"type\":\"end\""), message[1]);
        var session = api.get("/api/v1/streaming-sessions/" + sessionId, acme.ownerKey());
        assertEquals("ended", session.text("status"));
        assertTrue(session.json().path("ended_at").isTextual());
        assertTrue(session.json().path("ws_token").isNull(), "no token for an ended session");
        assertEquals(204, api.delete("/api/v1/streaming-sessions/" + sessionId, acme.ownerKey()).status());
        assertEquals(404, api.delete("/api/v1/streaming-sessions/" + sessionId, globex.ownerKey()).status());
        assertEquals(403, api.delete("/api/v1/streaming-sessions/" + sessionId, acme.ownerKeyWith("streaming-sessions:read")).status());
    }

    @Test
    void injectReachesTheControlChannelAndConflictsOnceEnded() throws Exception {
        String sessionId = createSession();
        var injected = api.post("/api/v1/streaming-sessions/" + sessionId + "/inject", acme.ownerKey(),
                Api.json(Map.of("text", "Please ask for the account number.", "role", "system")));
        assertEquals(200, injected.status(), injected.raw());
        assertEquals("{\"injected\":true}", injected.raw());
        String[] message = awaitControl(sessionId);
        assertTrue(message[1].contains("\"type\":\"inject\"") && message[1].contains("account number"), message[1]);
        assertEquals(400, api.post("/api/v1/streaming-sessions/" + sessionId + "/inject", acme.ownerKey(), "{}").status());
        assertEquals(400, api.post("/api/v1/streaming-sessions/" + sessionId + "/inject", acme.ownerKey(),
                Api.json(Map.of("text", "x", "role", "Robot Overlord"))).status());
        api.delete("/api/v1/streaming-sessions/" + sessionId, acme.ownerKey());
        var late = api.post("/api/v1/streaming-sessions/" + sessionId + "/inject", acme.ownerKey(), Api.json(Map.of("text", "hi")));
        assertEquals(409, late.status(), late.raw());
        assertEquals(404, api.post("/api/v1/streaming-sessions/" + sessionId + "/inject", globex.ownerKey(),
                Api.json(Map.of("text", "hi"))).status());
    }

    @Test
    void historyEndpointsHaveTheDocumentedShapesAndAreTenantScoped() {
        String sessionId = createSession();
        var transcript = api.get("/api/v1/streaming-sessions/" + sessionId + "/transcript", acme.ownerKey());
        assertEquals(200, transcript.status(), transcript.raw());
        assertEquals(0, transcript.json().path("count").asInt());
        assertTrue(transcript.json().path("items").isArray());
        assertTrue(api.get("/api/v1/streaming-sessions/" + sessionId + "/metrics", acme.ownerKey()).json().isArray());
        assertTrue(api.get("/api/v1/streaming-sessions/" + sessionId + "/errors", acme.ownerKey()).json().isArray());
        assertTrue(api.get("/api/v1/streaming-sessions/" + sessionId + "/handoffs", acme.ownerKey()).json().path("handoffs").isArray());
        for (String suffix : List.of("", "/transcript", "/metrics", "/errors", "/handoffs")) {
            assertEquals(404, api.get("/api/v1/streaming-sessions/" + sessionId + suffix, globex.ownerKey()).status(), suffix);
            assertEquals(404, api.get("/api/v1/streaming-sessions/sess_nothere0000000000" + suffix, acme.ownerKey()).status());
            assertEquals(400, api.get("/api/v1/streaming-sessions/bad$id" + suffix, acme.ownerKey()).status());
            assertEquals(401, api.get("/api/v1/streaming-sessions/" + sessionId + suffix, null).status());
            assertEquals(403, api.get("/api/v1/streaming-sessions/" + sessionId + suffix,
                    acme.ownerKeyWith("streaming-sessions:write")).status());
        }
        assertEquals(400, api.get("/api/v1/streaming-sessions/" + sessionId + "/transcript?limit=0", acme.ownerKey()).status());
    }

    @Test
    void aSessionStartsAnIdleStoppedOnDemandDeployment() {
        String workflow = api.post("/api/v1/workflows", acme.ownerKey(), Api.json(Map.of("name", "on demand",
                "workflowType", "streaming"))).text("workflowId");
        assertEquals(200, api.put("/api/v1/workflows/" + workflow + "/lifecycle", acme.ownerKey(),
                Api.json(Map.of("type", "on-demand", "idleTimeoutMinutes", 5))).status());
        var deployed = api.post("/api/v1/streaming-workflows/" + workflow + "/deploy", acme.ownerKey(), "{}");
        assertEquals(201, deployed.status(), deployed.raw());
        clock.advance(Duration.ofMinutes(6));
        lifecycle.reconcile();
        var lifecycleView = api.get("/api/v1/workflows/" + workflow + "/lifecycle", acme.ownerKey());
        assertEquals("stopped", lifecycleView.text("deploymentStatus"), lifecycleView.raw());
        var created = create(acme, Map.of("workflowId", workflow));
        assertEquals(201, created.status(), created.raw());
        var session = api.get("/api/v1/streaming-sessions/" + created.text("session_id"), acme.ownerKey());
        assertEquals(deployed.text("_id"), session.text("deployment_id"), "the session runs on the restarted deployment");
        assertEquals("ready", session.text("status"));
        assertEquals("running", api.get("/api/v1/workflows/" + workflow + "/lifecycle", acme.ownerKey()).text("deploymentStatus"));
    }

    @Test
    void gatewaysLookUpSessionRoutesWithTheServiceToken() {
        String sessionId = createSession();
        var anonymous = api.get("/internal/v1/sessions/" + sessionId, null);
        assertEquals(401, anonymous.status());
        var withApiKey = api.get("/internal/v1/sessions/" + sessionId, acme.ownerKey());
        assertEquals(401, withApiKey.status(), "API keys do not open the internal API");
        var route = api.send(api.request("/internal/v1/sessions/" + sessionId, null)
                .header("X-Service-Token", "test-service-token-0123456789abcdef0123").GET());
        assertEquals(200, route.status(), route.raw());
        assertEquals(sessionId, route.text("session_id"));
        assertEquals(acme.orgId(), route.text("organization_id"));
        assertEquals("ready", route.text("status"));
        assertTrue(route.text("deployment_id").startsWith("dep_"));
        assertEquals(404, api.send(api.request("/internal/v1/sessions/sess_nothere000000000000", null)
                .header("X-Service-Token", "test-service-token-0123456789abcdef0123").GET()).status());
    }

    @Test
    void sessionsPastTheirMaximumDurationAreEndedAndIdleDevDeploymentsReaped() throws Exception {
        String workflow = api.post("/api/v1/workflows", acme.ownerKey(), Api.json(Map.of("name", "short calls",
                "workflowType", "streaming"))).text("workflowId");
        var deployed = api.post("/api/v1/streaming-workflows/" + workflow + "/deploy", acme.ownerKey(),
                Api.json(Map.of("max_session_duration_seconds", 1)));
        assertEquals(201, deployed.status(), deployed.raw());
        var created = create(acme, Map.of("workflowId", workflow));
        String sessionId = created.text("session_id");
        Instant deadline = Instant.now().plusSeconds(10);
        while (reaper.endOverdueSessions() == 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        var session = api.get("/api/v1/streaming-sessions/" + sessionId, acme.ownerKey());
        assertEquals("ended", session.text("status"), session.raw() + " / " + deployed.raw());
        assertEquals("max session duration reached", session.text("end_reason"));
        assertTrue(awaitControl(sessionId)[1].contains("\"type\":\"end\""));

        String devWorkflow = api.post("/api/v1/workflows", acme.ownerKey(), Api.json(Map.of("name", "dev run",
                "workflowType", "streaming"))).text("workflowId");
        String devSession = create(acme, Map.of("workflowId", devWorkflow)).text("session_id");
        assertEquals(0, lifecycle.reapEphemeral(), "a live session keeps it");
        api.delete("/api/v1/streaming-sessions/" + devSession, acme.ownerKey());
        assertEquals(0, lifecycle.reapEphemeral(), "still within its TTL");
        clock.advance(Duration.ofSeconds(121));
        String devDeployment = api.get("/api/v1/streaming-sessions/" + devSession, acme.ownerKey()).text("deployment_id");
        assertTrue(runtime.spec(devDeployment).isPresent(), "hosted until reaped");
        assertTrue(lifecycle.reapEphemeral() >= 1);
        assertTrue(runtime.spec(devDeployment).isEmpty(), "the runtime no longer hosts it: " + runtime.hosted());
        var devDeployments = api.get("/api/v1/streaming-workflows/" + devWorkflow + "/deployments", acme.ownerKey());
        assertEquals("undeployed", devDeployments.json().get(0).path("status").asText(), devDeployments.raw());
    }
}
