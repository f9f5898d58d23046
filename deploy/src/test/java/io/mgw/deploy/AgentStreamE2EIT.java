package io.mgw.deploy;

import static io.mgw.deploy.AgentCalls.CONNECTED;
import static io.mgw.deploy.AgentCalls.media;
import static io.mgw.deploy.AgentCalls.nextProviderMatching;
import static io.mgw.deploy.AgentCalls.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mgw.adapters.contract.events.SessionStateEvent;
import io.mgw.gateway.testing.Await;
import io.mgw.gateway.testing.EventsReader;
import io.mgw.gateway.testing.FakeProviderRest;
import io.mgw.gateway.testing.WsTestClient;
import io.mgw.runtime.server.RuntimeServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Calls on the agent stream through the real processes: the control plane resolves the agent UUID and the telephony
 * configuration made over its REST API and admits the call, a real runtime pod runs a keypad menu in front of the echo
 * agent, and the only stand-in is the provider's REST API (a third party), which checks the stored bearer token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentStreamE2EIT {

    private static final String BEARER = "cx-bearer-token-0123456789-abcdef";
    private static final String DOMAIN = "acme-calls.cloudonix.net";
    private static final Duration WAIT = RealSystem.WAIT;
    /** A keypad menu in front of the echo agent: a digit routes to it and the menu says so in the transcript. */
    private static final String KEYPAD_ECHO_NODES =
            "[{\"id\":\"menu\",\"nodeId\":\"dtmf-menu\"},{\"id\":\"echo\",\"nodeId\":\"echo\"}]";
    private static final String KEYPAD_ECHO_CONNECTIONS =
            "[{\"sourceNodeId\":\"menu\",\"sourcePort\":\"default\",\"targetNodeId\":\"echo\"}]";
    @AutoClose
    private RealSystem system;
    @AutoClose
    private FakeProviderRest cloudonix;
    private String workflow;
    private String agentUuid;

    @BeforeAll
    void start() throws Exception {
        system = new RealSystem("agent", Map.of("MGW_CONNECT_BUDGET", "3s"));
        cloudonix = new FakeProviderRest();
        workflow = keypadEchoWorkflow();
        agentUuid = agentUuidOf(workflow);
        HttpResponse<String> created = system.call("POST", "/api/v1/telephony-configurations",
                RealSystem.JSON.writeValueAsString(Map.of("provider", "cloudonix", "identifier", DOMAIN, "name", "main",
                        "api_base_url", cloudonix.baseUrl(), "credentials", Map.of("bearer_token", BEARER))));
        assertEquals(201, created.statusCode(), created.body());
        assertFalse(created.body().contains(BEARER), "the token is never returned");
    }

    @BeforeEach
    void resetProvider() {
        cloudonix.reset();
        cloudonix.expectedAuthorization = "Bearer " + BEARER;
        cloudonix.expectedCallId = "S1";
    }

    @AfterEach
    void stopExtraProcesses() {
        system.stopExtras();
    }

    @Test
    void aCloudonixCallOnTheDocumentedUrlRunsTheAgentAndIsRecordedAsASession() throws Exception {
        try (WsTestClient provider = WsTestClient.open(documentedUrl())) {
            send(provider, CONNECTED);
            send(provider, startEvent());
            JsonNode session = awaitCallSession(workflow);
            String sid = session.path("session_id").asText();
            assertEquals("inbound", session.path("call").path("call_type").asText(), session.toString());
            assertEquals("cloudonix", session.path("call").path("provider").asText(), session.toString());
            assertEquals("+15555550100", session.path("call").path("caller_number").asText(), session.toString());
            assertEquals("+15555550199", session.path("call").path("called_number").asText(), session.toString());
            assertEquals(1, cloudonix.count("GET"), "the call was validated once");
            assertTrue(cloudonix.requests.get(0).accepted(), "with the stored bearer token and the session id");

            send(provider, dtmf(3, "5")); // the menu routes to the echo agent and says so
            Await.until(WAIT, () -> transcript(sid).contains("Digit 5 routes to"), "the menu's line in the transcript");
            for (int seq = 4; seq < 14; seq++) {
                send(provider, media(seq));
            }
            String echoed = nextProviderMatching(provider, "\"media\"");
            assertTrue(echoed.contains("\"streamSid\":\"MZ1\"") && echoed.contains("\"payload\""), echoed);

            send(provider, "{\"event\":\"stop\",\"sequenceNumber\":\"20\",\"streamSid\":\"MZ1\",\"stop\":{\"callSid\":\"CA1\"}}");
            assertEquals(1000, provider.awaitClose(WAIT).code());
            Await.until(WAIT, () -> session(sid).path("call").path("close_code").asInt() == 1000, "the close recorded");
            // The status comes with another event (the session's end) than the close code (the call's close).
            Await.until(WAIT, () -> "ended".equals(session(sid).path("status").asText()), "the session ended");
        }
    }

    @Test
    void theAgentsTransferAndHangUpBecomeTheProvidersCallsOnceEach() throws Exception {
        String nodes = "[{\"id\":\"menu\",\"nodeId\":\"dtmf-menu\"},"
                + "{\"id\":\"human\",\"nodeId\":\"transfer-call\",\"config\":{\"to\":\"+15551239999\","
                + "\"say\":\"Connecting you\",\"reason\":\"escalation\"}},"
                + "{\"id\":\"bye\",\"nodeId\":\"hang-up\",\"config\":{\"say\":\"Goodbye\"}}]";
        String connections = "[{\"sourceNodeId\":\"menu\",\"sourcePort\":\"0\",\"targetNodeId\":\"human\"},"
                + "{\"sourceNodeId\":\"menu\",\"sourcePort\":\"9\",\"targetNodeId\":\"bye\"}]";
        String own = system.deployedWorkflow(nodes, connections, 20);
        try (WsTestClient provider = WsTestClient.open(documentedUrl(agentUuidOf(own)))) {
            send(provider, CONNECTED);
            send(provider, startEvent());
            String sid = awaitCallSession(own).path("session_id").asText();
            cloudonix.expectedCallId = null; // validated; the dial leg's path names no session
            send(provider, dtmf(3, "0")); // "press 0 for a person"
            Await.until(WAIT, () -> cloudonix.count("POST") >= 2, "the dial and the move of the caller's session");
            send(provider, dtmf(4, "0"));
            Await.until(WAIT, () -> transcript(sid).contains("Connecting you"), "the words before the transfer");
            var dial = cloudonix.matching("POST", "/calls/" + DOMAIN + "/application");
            var move = cloudonix.matching("POST", "/calls/" + DOMAIN + "/sessions/S1/application");
            assertEquals(1, dial.size(), "one dial leg: " + cloudonix.requests);
            assertEquals(1, move.size(), "one move of the caller's session (the session id, not the call SID)");
            assertTrue(dial.get(0).accepted() && move.get(0).accepted(), "with the stored bearer token");
            assertTrue(dial.get(0).body().contains("+15551239999"), dial.get(0).body());

            send(provider, dtmf(5, "9"));
            assertEquals(1000, provider.awaitClose(WAIT).code(), "the agent hung up");
            Await.until(WAIT, () -> cloudonix.count("DELETE") == 1, "one hangup call");
            // Frames are handled in order, so the second press of 0 was handled before the 9: still one of each.
            assertEquals(1, cloudonix.matching("POST", "/calls/" + DOMAIN + "/application").size(), cloudonix.requests.toString());
            assertEquals(1, cloudonix.matching("POST", "/calls/" + DOMAIN + "/sessions/S1/application").size());
            assertEquals(1, cloudonix.matching("DELETE", "/customers/self/domains/" + DOMAIN + "/sessions/S1").size());
            // The transcript is written by the control plane's event consumer, which may still be on it after the close.
            Await.until(WAIT, () -> transcript(sid).contains("Goodbye"), "the goodbye in the transcript");
        }
    }

    @Test
    void aCallTheProviderRejectsCloses4400AndLeavesNoSession() throws Exception {
        cloudonix.mode = FakeProviderRest.Mode.REJECT;
        int before = callSessions(workflow).size();
        try (WsTestClient provider = WsTestClient.open(documentedUrl())) {
            send(provider, CONNECTED);
            send(provider, startEvent());
            WsTestClient.Closed closed = provider.awaitClose(WAIT);
            assertEquals(4400, closed.code(), closed.toString());
            assertEquals("Cloudonix session validation failed", closed.reason());
        }
        assertEquals(before, callSessions(workflow).size(), "nothing half-created");
    }

    @Test
    void anAdmissionAnsweredTooLateCloses1011AndLeavesAFailedSessionNotALiveOne() throws Exception {
        String own = keypadEchoWorkflow(); // its failed session must not be taken for another test's running call
        try (Connection db = DriverManager.getConnection(system.databaseUrl)) {
            db.setAutoCommit(false);
            // A busy control plane: the admission waits for the organization's row past the gateway's 3 s. FOR NO KEY
            // UPDATE blocks the admission's FOR UPDATE but not the key checks of the gateway's abandon.
            try (PreparedStatement lock = db.prepareStatement("SELECT 1 FROM organizations WHERE id ="
                    + " (SELECT organization_id FROM workflows WHERE id = ?) FOR NO KEY UPDATE")) {
                lock.setString(1, own);
                lock.executeQuery().close();
            }
            try (WsTestClient provider = WsTestClient.open(documentedUrl(agentUuidOf(own)))) {
                send(provider, CONNECTED);
                send(provider, startEvent());
                WsTestClient.Closed closed = provider.awaitClose(WAIT);
                assertEquals(1011, closed.code(), closed.toString());
            }
            Await.until(WAIT, () -> callSessionsOf(own).size() == 1, "the abandoned admission recorded");
            db.rollback(); // the admission goes on now, and must be refused
        }
        Await.until(WAIT, () -> system.metric(system.mgw.controlPlaneUrl(), "http_server_requests_seconds_count",
                "status=\"409\"", "uri=\"/internal/v1/calls\"") >= 1, "the late admission refused");
        List<JsonNode> sessions = callSessionsOf(own);
        assertEquals(1, sessions.size(), "one session for the call: " + sessions);
        JsonNode failed = session(sessions.get(0).path("session_id").asText());
        assertEquals("failed", failed.path("status").asText(), failed.toString());
        assertEquals(1011, failed.path("call").path("close_code").asInt(), failed.toString());
        assertEquals("+15555550100", failed.path("call").path("caller_number").asText(), failed.toString());
        assertTrue(failed.path("end_reason").asText().contains("abandoned"), failed.toString());
    }

    @Test
    void aBurstOfCallsToOneAgentAsksTheControlPlaneForItOnce() throws Exception {
        String own = keypadEchoWorkflow(); // an agent no lookup has cached yet
        String agent = agentUuidOf(own);
        String lookups = "uri=\"/internal/v1/agents/{agentUuid}\"";
        double before = system.metric(system.mgw.controlPlaneUrl(), "http_server_requests_seconds_count", lookups);
        List<WsTestClient> callers = new java.util.ArrayList<>();
        try (Connection db = DriverManager.getConnection(system.databaseUrl)) {
            db.setAutoCommit(false);
            // A slow control plane: the agent lookup waits for the workflows table while the burst arrives.
            db.createStatement().execute("LOCK TABLE workflows IN ACCESS EXCLUSIVE MODE");
            for (int i = 0; i < 5; i++) {
                WsTestClient provider = WsTestClient.open(documentedUrl(agent));
                callers.add(provider);
                send(provider, CONNECTED);
                send(provider, startEvent());
            }
            Thread.sleep(500); // every call's handshake is waiting on the lookup
            db.rollback();
        }
        try {
            Await.until(WAIT, () -> callSessionsOf(own).size() == 5, "all five calls admitted");
            assertEquals(1, system.metric(system.mgw.controlPlaneUrl(), "http_server_requests_seconds_count", lookups)
                    - before, 0.0, "one agent lookup for the five calls");
        } finally {
            for (WsTestClient provider : callers) {
                send(provider, "{\"event\":\"stop\",\"sequenceNumber\":\"2\",\"streamSid\":\"MZ1\",\"stop\":{\"callSid\":\"CA1\"}}");
                provider.close();
            }
        }
    }

    private List<JsonNode> callSessionsOf(String workflow) {
        try {
            return callSessions(workflow);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aPodDrainingMidCallHandsTheCallToAnotherPodOfTheDeployment() throws Exception {
        RuntimeServer first = system.pod(10);
        RuntimeServer second = system.pod(10);
        String own = keypadEchoWorkflow();
        RealSystem.Deployment deployment = system.moveTo(own, first);
        try (WsTestClient provider = WsTestClient.open(documentedUrl(agentUuidOf(own)))) {
            send(provider, CONNECTED);
            send(provider, startEvent());
            Await.until(WAIT, () -> first.sessions().size() == 1, "the call reached the first pod");
            system.host(deployment, second);

            first.close(); // the pod stops (SIGTERM): it closes its calls' links with 1012 and leaves the registry

            Await.until(WAIT, () -> second.sessions().size() == 1, "the call moved to the second pod");
            assertTheCallGoesOnToACleanStop(provider, null);
        }
    }

    @Test
    void aPodProcessKilledMidCallLosesNothingTheCallerNotices() throws Exception {
        RuntimeServer survivor = system.pod(10);
        String own = keypadEchoWorkflow();
        try (RealSystem.PodProcess crashing = system.podProcess()) {
            RealSystem.Deployment deployment = system.moveTo(own, crashing.url(), crashing.podId());
            try (WsTestClient provider = WsTestClient.open(documentedUrl(agentUuidOf(own)))) {
                String sid = callReaching(crashing, provider, own);
                system.host(deployment, survivor);

                crashing.crash(); // SIGKILL: the pod's connections drop without a close frame

                Await.until(WAIT, () -> survivor.sessions().size() == 1, "the call moved to the surviving pod");
                // The session records why: the loss, then the move (after the pod's own "active" at the start).
                Await.until(WAIT, () -> EventsReader.of(system.redis, system.eventsStream(), sid, SessionStateEvent.class)
                        .stream().anyMatch(e -> "call moved to another pod".equals(e.reason())), "the move recorded");
                List<String> states = EventsReader.of(system.redis, system.eventsStream(), sid, SessionStateEvent.class)
                        .stream().map(e -> e.state() + ": " + e.reason()).toList();
                int lost = states.indexOf(states.stream().filter(s -> s.startsWith("connecting: pod connection lost"))
                        .findFirst().orElseThrow(() -> new AssertionError("no loss recorded: " + states)));
                assertEquals("active: call moved to another pod", states.get(lost + 1), states.toString());
                assertTheCallGoesOnToACleanStop(provider, sid);
                Await.until(WAIT, () -> system.liveSessions(deployment.id()).isEmpty(), "the deployment slot released");
            }
        }
    }

    @Test
    void aPodProcessKilledWithNoOtherPodCloses1011AndTheSessionRecordsWhy() throws Exception {
        String own = keypadEchoWorkflow();
        try (RealSystem.PodProcess crashing = system.podProcess()) {
            system.moveTo(own, crashing.url(), crashing.podId());
            try (WsTestClient provider = WsTestClient.open(documentedUrl(agentUuidOf(own)))) {
                String sid = callReaching(crashing, provider, own);

                crashing.crash();

                WsTestClient.Closed closed = provider.awaitClose(WAIT);
                assertEquals(1011, closed.code(), closed.toString());
                assertEquals("server error", closed.reason(), "a short reason without internals");
                Await.until(WAIT, () -> session(sid).path("call").path("close_code").asInt() == 1011, "the close recorded");
                assertEquals("pod lost, no pod took the call", session(sid).path("call").path("close_reason").asText());
            }
        }
    }

    /** Starts the call on {@code provider} and waits until the pod process holds it; the call's session id. */
    private String callReaching(RealSystem.PodProcess pod, WsTestClient provider, String workflowId) throws Exception {
        send(provider, CONNECTED);
        send(provider, startEvent());
        String sid = awaitCallSession(workflowId).path("session_id").asText();
        Await.until(WAIT, () -> system.metric(pod.url(), "mgw_runtime_sessions_live") == 1, "the call reached the pod process");
        return sid;
    }

    /**
     * After a move: a key press reaches the agent (checked in the transcript when {@code sid} is given), audio comes
     * back, the caller never saw a close, and a stop ends the call with 1000.
     */
    private void assertTheCallGoesOnToACleanStop(WsTestClient provider, String sid) throws Exception {
        send(provider, dtmf(3, "5"));
        if (sid != null) {
            Await.until(WAIT, () -> transcript(sid).contains("Digit 5 routes to"), "the moved call runs the agent");
        }
        for (int seq = 4; seq < 14; seq++) {
            send(provider, media(seq));
        }
        nextProviderMatching(provider, "\"media\"");
        assertFalse(provider.closed.isDone(), "the caller never noticed");
        send(provider, "{\"event\":\"stop\",\"sequenceNumber\":\"20\",\"streamSid\":\"MZ1\"}");
        assertEquals(1000, provider.awaitClose(WAIT).code());
    }

    private String keypadEchoWorkflow() throws Exception {
        return system.deployedWorkflow(KEYPAD_ECHO_NODES, KEYPAD_ECHO_CONNECTIONS, 20);
    }

    private String agentUuidOf(String workflowId) throws Exception {
        String uuid = RealSystem.json(system.call("GET", "/api/v1/workflows/" + workflowId, null)).path("agentUuid").asText();
        assertFalse(uuid.isEmpty(), "the workflow shows its agent UUID");
        return uuid;
    }

    private URI documentedUrl() {
        return documentedUrl(agentUuid);
    }

    private URI documentedUrl(String agent) {
        return URI.create(system.mgw.gatewayUrl().replace("http:", "ws:") + "/api/v1/agent-stream/" + agent
                + "?provider=cloudonix&Domain=" + DOMAIN + "&callId=C-77&from=+15555550100&to=+15555550199");
    }

    private static String startEvent() {
        return "{\"event\":\"start\",\"sequenceNumber\":\"1\",\"streamSid\":\"MZ1\",\"start\":{\"streamSid\":\"MZ1\","
                + "\"callSid\":\"CA1\",\"session\":\"S1\",\"accountSid\":\"" + DOMAIN + "\",\"tracks\":[\"inbound\"],"
                + "\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}}}";
    }

    private static String dtmf(int seq, String digit) {
        return "{\"event\":\"dtmf\",\"sequenceNumber\":\"" + seq + "\",\"streamSid\":\"MZ1\","
                + "\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\"" + digit + "\"}}";
    }

    /** The calls' sessions of the workflow, newest first. */
    private java.util.List<JsonNode> callSessions(String workflow) throws Exception {
        java.util.List<JsonNode> out = new java.util.ArrayList<>();
        RealSystem.json(system.call("GET", "/api/v1/streaming-sessions?workflowId=" + workflow + "&sort=-created_at", null)).path("items")
                .forEach(item -> {
                    if (item.hasNonNull("call")) {
                        out.add(item);
                    }
                });
        return out;
    }

    /** Waits for a new call's session that is still running. */
    private JsonNode awaitCallSession(String workflow) throws Exception {
        JsonNode[] found = new JsonNode[1];
        Await.until(WAIT, () -> {
            try {
                for (JsonNode s : callSessions(workflow)) {
                    if (!"ended".equals(s.path("status").asText())) {
                        found[0] = s;
                        return true;
                    }
                }
                return false;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "the call's session is listed while it runs");
        return session(found[0].path("session_id").asText());
    }

    private JsonNode session(String sid) {
        try {
            return system.session(sid);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String transcript(String sid) {
        try {
            return system.call("GET", "/api/v1/streaming-sessions/" + sid + "/transcript", null).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
