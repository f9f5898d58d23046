package io.mgw.deploy;

import static io.mgw.deploy.AgentCalls.CONNECTED;
import static io.mgw.deploy.AgentCalls.MULAW20;
import static io.mgw.deploy.AgentCalls.TWILIO_START;
import static io.mgw.deploy.AgentCalls.basic;
import static io.mgw.deploy.AgentCalls.cloudonixStart;
import static io.mgw.deploy.AgentCalls.filled;
import static io.mgw.deploy.AgentCalls.media;
import static io.mgw.deploy.AgentCalls.nextPodText;
import static io.mgw.deploy.AgentCalls.nextProviderMatching;
import static io.mgw.deploy.AgentCalls.nextText;
import static io.mgw.deploy.AgentCalls.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mgw.gateway.controlplane.ControlPlaneClient;
import io.mgw.gateway.server.GatewayServer;
import io.mgw.gateway.testing.FakePod;
import io.mgw.gateway.testing.FakeProviderRest;
import io.mgw.gateway.testing.RawWsClient;
import io.mgw.gateway.testing.WsTestClient;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent stream over real sockets, with the real control plane resolving agents and telephony configurations and
 * admitting calls: a simulated call per provider and one test per close-code case.
 */
class AgentCallsE2EIT {

    private static final Duration WAIT = AgentCalls.WAIT;

    @AutoClose
    private static AgentCalls f;
    private static FakePod pod;
    private static FakeProviderRest api;
    private static String agent;

    @BeforeAll
    static void start() throws Exception {
        f = new AgentCalls("calls", Map.of("MGW_AGENT_HANDSHAKE_TIMEOUT", "1s"));
        pod = f.pod;
        api = f.api;
        agent = f.agent;
        f.telephony("cloudonix", "empty.cloudonix.net", "an-account-but-no-token", null, null);
        f.telephony("twilio", "AC1", "AC1", null, "tw-secret");
    }

    @BeforeEach
    void reset() {
        pod.echo = false;
        pod.forgetCalls();
        api.reset();
    }

    private static java.net.URI uri(String path) {
        return f.uri(path);
    }

    /** A Twilio-framed call (Twilio and Cloudonix share the framing): handshake, audio, mark, clear, DTMF, stop. */
    private void twilioStyleCall(String path, String start, String expectedAuth, String expectedCallId) throws Exception {
        api.expectedAuthorization = expectedAuth;
        api.expectedCallId = expectedCallId;
        try (WsTestClient client = WsTestClient.open(uri(path))) {
            send(client, CONNECTED);
            send(client, start);
            FakePod.Conn conn = pod.nextCall(WAIT);
            String sid = conn.sessionId;
            String startFrame = nextText(conn);
            assertTrue(startFrame.contains("\"type\":\"start\""), startFrame);
            // provider audio -> PCM16 16 kHz binary upstream
            send(client, media(2));
            Object audio = conn.next(WAIT);
            assertInstanceOf(byte[].class, audio);
            assertEquals(640, ((byte[]) audio).length);
            // pod audio -> provider media, then a mark after it
            for (int i = 0; i < 3; i++) {
                conn.sendBinary(new byte[640]);
            }
            conn.sendText("{\"type\":\"mark\",\"name\":\"m1\"}");
            String firstMedia = nextProviderMatching(client, "\"media\"");
            assertTrue(firstMedia.contains("payload"), firstMedia);
            nextProviderMatching(client, "m1");
            send(client, "{\"event\":\"mark\",\"sequenceNumber\":\"3\",\"streamSid\":\"MZ1\",\"mark\":{\"name\":\"m1\"}}");
            String mark = nextPodText(conn);
            assertTrue(mark.contains("mark") && mark.contains("m1"), mark);
            // a clear reaches the provider before the queued second of audio
            for (int i = 0; i < 50; i++) {
                conn.sendBinary(new byte[640]);
            }
            conn.sendText("{\"type\":\"clear\"}");
            int mediaBeforeClear = 0;
            long clearBy = System.nanoTime() + WAIT.toNanos();
            boolean cleared = false;
            while (System.nanoTime() < clearBy && !cleared) {
                Object o = client.received.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (o instanceof String s) {
                    if (s.contains("\"clear\"")) {
                        cleared = true;
                    } else if (s.contains("\"media\"")) {
                        mediaBeforeClear++;
                    }
                }
            }
            assertTrue(cleared, "clear never reached the provider");
            assertTrue(mediaBeforeClear < 50, "clear waited for queued audio: " + mediaBeforeClear);
            // DTMF, a bad frame mid-call (dropped, counted), then a clean stop
            send(client, "not json");
            send(client, "{\"event\":\"media\",\"media\":{\"payload\":\"@@@\"}}");
            send(client, "{\"event\":\"dtmf\",\"sequenceNumber\":\"9\",\"streamSid\":\"MZ1\",\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\"X\"}}");
            send(client, "{\"event\":\"dtmf\",\"sequenceNumber\":\"10\",\"streamSid\":\"MZ1\",\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\"5\"}}");
            String dtmf = nextPodText(conn);
            assertTrue(dtmf.contains("dtmf") && dtmf.contains("5"), dtmf);
            send(client, media(11));
            send(client, "{\"event\":\"stop\",\"sequenceNumber\":\"12\",\"streamSid\":\"MZ1\",\"stop\":{\"callSid\":\"CA1\"}}");
            String stop = nextPodText(conn);
            assertTrue(stop.contains("\"stop\""), stop);
            assertEquals(1000, client.awaitClose(WAIT).code());
            assertEquals(1, api.count("GET"), "one validation call");
            assertTrue(api.requests.get(0).accepted());
            f.awaitEnded(sid); // released at the end
        }
    }

    @Test
    void twilioCall() throws Exception {
        twilioStyleCall("twilio/" + agent, TWILIO_START,
                "Basic " + Base64.getEncoder().encodeToString("AC1:tw-secret".getBytes(StandardCharsets.UTF_8)), "CA1");
    }

    @Test
    void cloudonixCallWithQueryProvider() throws Exception {
        twilioStyleCall(agent + "?provider=cloudonix&Domain=other", cloudonixStart("acme"), "Bearer XI-token", "S1");
    }

    @Test
    void callerGoneWithoutStopTellsThePod() throws Exception {
        api.expectedAuthorization = "Bearer XI-token";
        api.expectedCallId = "S1";
        WsTestClient client = WsTestClient.open(uri("cloudonix/" + agent));
        send(client, CONNECTED);
        send(client, cloudonixStart("acme"));
        FakePod.Conn conn = pod.nextCall(WAIT);
        nextText(conn); // start
        client.ws.abort();
        String gone = (String) conn.next(Duration.ofSeconds(1));
        assertEquals("{\"type\":\"stop\",\"reason\":\"caller-gone\"}", gone);
    }

    /** Waits for the next call to reach the pod and returns its connection, past its start frame. */
    private static FakePod.Conn admittedCall() throws InterruptedException {
        FakePod.Conn conn = pod.nextCall(WAIT);
        assertTrue(nextText(conn).contains("\"type\":\"start\""));
        return conn;
    }

    @Test
    void aProviderCloseFrameWithoutStopTellsThePodAtOnceEvenWhileTheProviderKeepsItsSocketOpen() throws Exception {
        api.expectedAuthorization = "Bearer XI-token";
        try (RawWsClient provider = new RawWsClient(uri("cloudonix/" + agent), 0)) {
            provider.send(1, CONNECTED.getBytes(StandardCharsets.UTF_8), true);
            provider.send(1, cloudonixStart("acme").getBytes(StandardCharsets.UTF_8), true);
            FakePod.Conn conn = admittedCall();
            long t0 = System.nanoTime();
            provider.send(8, new byte[] {0x03, (byte) 0xE8}, true); // close 1000, and the socket stays open
            assertEquals("{\"type\":\"stop\",\"reason\":\"caller-gone\"}", conn.next(Duration.ofSeconds(1)));
            assertTrue(System.nanoTime() - t0 < Duration.ofMillis(900).toNanos(), "within a second of the close frame");
            assertEquals(1000, provider.awaitCloseCode(), "the close is echoed");
        }
    }

    @Test
    void aLiteralPlusInTheQueryIsKeptInTheNumbers() throws Exception {
        api.expectedAuthorization = "Basic " + Base64.getEncoder().encodeToString("AC1:tw-secret".getBytes(StandardCharsets.UTF_8));
        // As the API document's example writes them: E.164 numbers with an unescaped '+' (a Twilio start has none).
        try (WsTestClient client = WsTestClient.open(uri("twilio/" + agent + "?from=+15555550100&to=%2B15555550199"))) {
            send(client, CONNECTED);
            send(client, TWILIO_START);
            JsonNode admitted = f.callOf(admittedCall().sessionId);
            assertEquals("+15555550100", admitted.path("caller_number").asText());
            assertEquals("+15555550199", admitted.path("called_number").asText());
        }
    }

    @Test
    void aStartThatNamesNoAccountUsesTheOrganizationsOnlyConfigurationForTheProvider() throws Exception {
        // An organization of its own, with one Telnyx configuration, and its agent served by a scripted pod too.
        JsonNode created = RealSystem.json(f.system.call("POST", "/api/v1/organizations",
                "{\"name\":\"Only Telnyx\",\"owner\":{\"email\":\"owner-" + UUID.randomUUID() + "@example.com\"}}"));
        String key = created.path("apiKey").path("key").asText();
        assertFalse(key.isEmpty(), created.toString());
        String workflow = RealSystem.json(f.system.callAs(key, "POST", "/api/v1/workflows", "{\"name\":\"other agent\","
                + "\"workflowType\":\"streaming\",\"nodes\":[{\"id\":\"echo\",\"nodeId\":\"echo\"}]}")).path("workflowId").asText();
        RealSystem.json(f.system.callAs(key, "POST", "/api/v1/streaming-workflows/" + workflow + "/deploy",
                "{\"max_concurrent_sessions\":10}"));
        String otherAgent = RealSystem.json(f.system.callAs(key, "GET", "/api/v1/workflows/" + workflow, null))
                .path("agentUuid").asText();
        String probe = RealSystem.json(f.system.callAs(key, "POST", "/api/v1/streaming-sessions",
                "{\"workflowId\":\"" + workflow + "\"}")).path("session_id").asText();
        String deployment = RealSystem.json(f.system.callAs(key, "GET", "/api/v1/streaming-sessions/" + probe, null))
                .path("deployment_id").asText();
        f.system.callAs(key, "DELETE", "/api/v1/streaming-sessions/" + probe, null);
        f.system.unhost(deployment);
        f.telephonyAs(key, "telnyx", "conn-only", null, "KEY-only", null);
        try (FakePod otherPod = new FakePod(deployment).register(f.system.redis, 100, 0)) {
            otherPod.echo = false;
            api.expectedAuthorization = "Bearer KEY-only";
            api.expectedCallId = "v3:abc";
            String start = "{\"event\":\"start\",\"sequence_number\":\"1\",\"stream_id\":\"ST1\",\"start\":{"
                    + "\"call_control_id\":\"v3:abc\",\"from\":\"+15551230001\",\"to\":\"+15551230002\","
                    + "\"media_format\":{\"encoding\":\"PCMA\",\"sample_rate\":8000,\"channels\":1}}}";
            String connected = "{\"event\":\"connected\",\"version\":\"1.0.0\"}";
            try (WsTestClient client = WsTestClient.open(uri("telnyx/" + otherAgent))) { // provider-vectors V25: a bare URL
                send(client, connected);
                send(client, start);
                assertTrue(nextText(otherPod.nextCall(WAIT)).contains("\"type\":\"start\""));
                assertTrue(api.requests.get(0).accepted(), "validated with the only configuration's key");
            }
            f.telephonyAs(key, "telnyx", "conn-2", null, "KEY-2", null);
            Thread.sleep(ControlPlaneClient.CACHE_TTL.toMillis() + 200); // the gateway caches lookups that long
            assertClosed(4400, "No Telnyx configuration for this agent", f.closedBy("telnyx/" + otherAgent, connected, start));
        }
    }

    /** A Cloudonix call whose pod has just sent 25 frames (half a second of goodbye) faster than real time. */
    private static FakePod.Conn callWithHalfASecondOfPodAudio(WsTestClient client) throws InterruptedException {
        send(client, CONNECTED);
        send(client, cloudonixStart("acme"));
        FakePod.Conn conn = admittedCall();
        for (int i = 0; i < 25; i++) {
            conn.sendBinary(new byte[640]);
        }
        return conn;
    }

    @Test
    void anEndAfterAudioLetsTheQueuedAudioPlayOutBeforeThe1000() throws Exception {
        api.expectedAuthorization = "Bearer XI-token";
        try (WsTestClient client = WsTestClient.open(uri("cloudonix/" + agent))) {
            FakePod.Conn conn = callWithHalfASecondOfPodAudio(client);
            conn.sendText("{\"type\":\"end\",\"seq\":1,\"reason\":\"completed\"}");
            int media = 0;
            long until = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < until) {
                Object o = client.received.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (o instanceof String text && text.contains("\"media\"")) {
                    media++;
                } else if (client.closed.isDone()) {
                    break;
                }
            }
            assertEquals(25, media, "every queued frame reached the caller before the close");
            assertEquals(1000, client.awaitClose(WAIT).code());
        }
    }

    @Test
    void aHangupAfterAudioWaitsForTheAudioThenCallsTheProviderOnce() throws Exception {
        api.expectedAuthorization = "Bearer XI-token";
        api.expectedCallId = "S1";
        try (WsTestClient client = WsTestClient.open(uri("cloudonix/" + agent))) {
            FakePod.Conn conn = callWithHalfASecondOfPodAudio(client);
            long t0 = System.nanoTime();
            conn.sendText("{\"type\":\"hangup\",\"reason\":\"completed\"}");
            conn.sendText("{\"type\":\"hangup\",\"reason\":\"completed\"}");
            assertEquals(1000, client.awaitClose(WAIT).code());
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(millis >= 350, "the hangup waited for half a second of queued audio: " + millis + " ms");
            assertEquals(1, api.count("DELETE"), "one hangup call for two hangup frames");
        }
    }

    /** One provider's framing for {@link #simpleCall}. */
    private record Framing(String path, List<String> handshake, String media, String markEcho, String clearNeedle,
                           String dtmf, String stop, String auth, String callId) {
    }

    /** Handshake, audio both ways, a mark echoed back, a clear, DTMF and a clean stop, in the provider's framing. */
    private void simpleCall(Framing f) throws Exception {
        api.expectedAuthorization = f.auth();
        api.expectedCallId = f.callId();
        try (WsTestClient client = WsTestClient.open(uri(f.path()))) {
            f.handshake().forEach(m -> send(client, m));
            FakePod.Conn conn = pod.nextCall(WAIT);
            assertTrue(nextText(conn).contains("\"type\":\"start\""));
            send(client, f.media());
            Object audio = conn.next(WAIT);
            assertInstanceOf(byte[].class, audio);
            conn.sendBinary(new byte[640]);
            conn.sendText("{\"type\":\"mark\",\"name\":\"m1\"}");
            nextProviderMatching(client, "m1");
            send(client, f.markEcho());
            String mark = nextPodText(conn);
            assertTrue(mark.contains("m1"), mark);
            conn.sendText("{\"type\":\"clear\"}");
            nextProviderMatching(client, f.clearNeedle());
            send(client, f.dtmf());
            String dtmf = nextPodText(conn);
            assertTrue(dtmf.contains("dtmf") && dtmf.contains("5"), dtmf);
            send(client, f.stop());
            assertTrue(nextPodText(conn).contains("\"stop\""));
            assertEquals(1000, client.awaitClose(WAIT).code());
            assertTrue(api.requests.get(0).accepted(), "validated with the stored credentials");
        }
    }

    @Test
    void telnyxCall() throws Exception {
        f.telephony("telnyx", "conn-1", null, "KEY-tx", null);
        byte[] alaw = filled(160, (byte) 0xD5);
        simpleCall(new Framing("telnyx/" + agent + "?identifier=conn-1",
                List.of("{\"event\":\"connected\",\"version\":\"1.0.0\"}",
                        "{\"event\":\"start\",\"sequence_number\":\"1\",\"stream_id\":\"ST1\",\"start\":{"
                                + "\"call_control_id\":\"v3:abc\",\"call_session_id\":\"cs1\",\"from\":\"+15551230001\","
                                + "\"to\":\"+15551230002\",\"media_format\":{\"encoding\":\"PCMA\",\"sample_rate\":8000,\"channels\":1}}}"),
                "{\"event\":\"media\",\"sequence_number\":\"2\",\"stream_id\":\"ST1\",\"media\":{\"track\":\"inbound\","
                        + "\"chunk\":\"1\",\"timestamp\":\"0\",\"payload\":\"" + Base64.getEncoder().encodeToString(alaw) + "\"}}",
                "{\"event\":\"mark\",\"sequence_number\":\"3\",\"stream_id\":\"ST1\",\"mark\":{\"name\":\"m1\"}}",
                "\"clear\"",
                "{\"event\":\"dtmf\",\"sequence_number\":\"4\",\"stream_id\":\"ST1\",\"dtmf\":{\"digit\":\"5\"}}",
                "{\"event\":\"stop\",\"sequence_number\":\"5\",\"stream_id\":\"ST1\"}",
                "Bearer KEY-tx", "v3:abc"));
    }

    @Test
    void plivoCall() throws Exception {
        f.telephony("plivo", "MA1", "MA1", null, "pl-secret");
        simpleCall(new Framing("plivo/" + agent,
                List.of("{\"event\":\"start\",\"sequenceNumber\":0,\"start\":{\"callId\":\"C1\",\"streamId\":\"P1\","
                        + "\"accountId\":\"MA1\",\"tracks\":[\"inbound\"],\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000}}}"),
                "{\"event\":\"media\",\"sequenceNumber\":1,\"streamId\":\"P1\",\"media\":{\"track\":\"inbound\","
                        + "\"timestamp\":\"20\",\"chunk\":1,\"payload\":\"" + MULAW20 + "\"}}",
                "{\"event\":\"playedStream\",\"streamId\":\"P1\",\"name\":\"m1\"}",
                "clearAudio",
                "{\"event\":\"dtmf\",\"streamId\":\"P1\",\"dtmf\":{\"digit\":\"5\"}}",
                "{\"event\":\"stop\",\"streamId\":\"P1\"}",
                basic("MA1", "pl-secret"), "C1"));
    }

    @Test
    void exotelCall() throws Exception {
        f.telephony("exotel", "AC9", "AC9", "ex-key", "ex-token");
        simpleCall(new Framing("exotel/" + agent + "?sample-rate=16000",
                List.of("{\"event\":\"connected\"}",
                        "{\"event\":\"start\",\"sequence_number\":\"1\",\"stream_sid\":\"MZ9\",\"start\":{"
                                + "\"stream_sid\":\"MZ9\",\"call_sid\":\"CA9\",\"account_sid\":\"AC9\",\"from\":\"+91000\",\"to\":\"+91001\","
                                + "\"media_format\":{\"encoding\":\"audio/x-raw\",\"sample_rate\":\"16000\",\"bit_rate\":\"16\"}}}"),
                "{\"event\":\"media\",\"sequence_number\":\"2\",\"stream_sid\":\"MZ9\",\"media\":{\"chunk\":\"1\",\"timestamp\":\"0\","
                        + "\"payload\":\"" + Base64.getEncoder().encodeToString(new byte[640]) + "\"}}",
                "{\"event\":\"mark\",\"sequence_number\":\"3\",\"stream_sid\":\"MZ9\",\"mark\":{\"name\":\"m1\"}}",
                "\"clear\"",
                "{\"event\":\"dtmf\",\"sequence_number\":\"4\",\"stream_sid\":\"MZ9\",\"dtmf\":{\"digit\":\"5\",\"duration\":\"100\"}}",
                "{\"event\":\"stop\",\"sequence_number\":\"5\",\"stream_sid\":\"MZ9\"}",
                basic("ex-key", "ex-token"), "CA9"));
    }

    /** A throwaway Vonage application key pair: the private half goes into the configuration, the fake API verifies. */
    private static KeyPair rsaKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static String pkcs8Pem(KeyPair keys) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    private static final String VONAGE_CONNECTED = "{\"event\":\"websocket:connected\",\"content-type\":\"audio/l16;rate=16000\","
            + "\"call_uuid\":\"U-vg1\",\"from\":\"+15551230001\",\"to\":\"+15551230002\"}";

    private static byte[] nextProviderBinary(WsTestClient client) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            Object o = client.received.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (o instanceof byte[] b) {
                return b;
            }
        }
        throw new AssertionError("provider never got binary audio");
    }

    /**
     * Vonage: a text {@code websocket:connected}, binary L16 both ways, notify as the mark, {@code {"action":"clear"}},
     * {@code websocket:dtmf}; the call is validated with an RS256 application JWT the fake API verifies with the
     * public key. Vonage has no stop event: the clean end is its WebSocket close, and the pod hears {@code stop}.
     */
    @Test
    void vonageCall() throws Exception {
        KeyPair keys = rsaKeys();
        f.telephony("vonage", "app-vg", "app-vg", null, pkcs8Pem(keys));
        api.jwtKey = (RSAPublicKey) keys.getPublic();
        api.jwtApplicationId = "app-vg";
        api.expectedCallId = "U-vg1";
        try (WsTestClient client = WsTestClient.open(uri("vonage/" + agent + "?identifier=app-vg"))) {
            send(client, VONAGE_CONNECTED);
            FakePod.Conn conn = pod.nextCall(WAIT);
            String start = nextText(conn);
            assertTrue(start.contains("\"provider\":\"vonage\"") && start.contains("\"call_id\":\"U-vg1\""), start);
            client.ws.sendBinary(java.nio.ByteBuffer.wrap(new byte[640]), true).join();
            Object audio = conn.next(WAIT);
            assertInstanceOf(byte[].class, audio);
            assertEquals(640, ((byte[]) audio).length, "16 kHz PCM16 passes at the pod's rate");
            conn.sendBinary(new byte[640]);
            conn.sendText("{\"type\":\"mark\",\"name\":\"m1\"}");
            assertEquals(640, nextProviderBinary(client).length, "one 20 ms L16 frame");
            String notify = nextProviderMatching(client, "m1");
            assertTrue(notify.contains("\"action\":\"notify\""), notify);
            send(client, "{\"event\":\"websocket:notify\",\"payload\":{\"name\":\"m1\"}}");
            String mark = nextPodText(conn);
            assertTrue(mark.contains("\"mark\"") && mark.contains("m1"), mark);
            conn.sendText("{\"type\":\"clear\"}");
            assertEquals("{\"action\":\"clear\"}", nextProviderMatching(client, "clear"));
            send(client, "{\"event\":\"websocket:dtmf\",\"digit\":\"5\",\"duration\":200}");
            String dtmf = nextPodText(conn);
            assertTrue(dtmf.contains("dtmf") && dtmf.contains("5"), dtmf);
            client.ws.sendClose(1000, "call over").join();
            String stop = nextPodText(conn);
            assertTrue(stop.contains("\"type\":\"stop\""), stop);
            assertEquals(1000, client.awaitClose(WAIT).code());
            assertEquals(1, api.count("GET", "/v1/calls/U-vg1"), "one validation");
            assertTrue(api.requests.get(0).accepted(), "signed with the configured application key");
        }
    }

    @Test
    void vonageWithAKeyTheProviderDoesNotKnow4400AndNothingHalfCreated() throws Exception {
        int admissions = f.admittedCalls();
        KeyPair registered = rsaKeys();
        f.telephony("vonage", "app-vg2", "app-vg2", null, pkcs8Pem(rsaKeys()));
        api.jwtKey = (RSAPublicKey) registered.getPublic();
        api.jwtApplicationId = "app-vg2";
        assertEquals(4400, closeCodeFor("vonage/" + agent + "?identifier=app-vg2", VONAGE_CONNECTED));
        assertEquals(1, api.requests.size());
        assertFalse(api.requests.get(0).accepted(), "the signature did not verify");
        assertEquals(admissions, f.admittedCalls(), "no admission call made");
    }

    private int closeCodeFor(String path, String... messages) {
        return f.closedBy(path, messages).code();
    }

    /** The close code and, worded as the API document's product words it, the reason (provider-vectors.md V4-V18). */
    private static void assertClosed(int code, String reason, WsTestClient.Closed closed) {
        assertEquals(code + " " + reason, closed.code() + " " + closed.reason());
    }

    /** Sends the Cloudonix handshake on {@code client}; the call's pod connection, past its start frame. */
    private static FakePod.Conn cloudonixCall(WsTestClient client) throws InterruptedException {
        send(client, CONNECTED);
        send(client, cloudonixStart("acme"));
        return admittedCall();
    }

    @Test
    void aStoppingGatewayWaitsForItsLiveCallToEnd() throws Exception {
        api.expectedAuthorization = "Bearer XI-token";
        GatewayServer stopping = f.system.gateway(Map.of("MGW_DRAIN_SECONDS", "20s"));
        try (WsTestClient client = WsTestClient.open(AgentCalls.uri(stopping.port(), "cloudonix/" + agent))) {
            FakePod.Conn conn = cloudonixCall(client);
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(stopping::close);
            Thread.sleep(500);
            assertFalse(stopped.isDone(), "the gateway waits for the call");
            send(client, media(2));
            assertInstanceOf(byte[].class, conn.next(WAIT), "the call goes on while the gateway drains");
            send(client, "{\"event\":\"stop\",\"sequenceNumber\":\"3\",\"streamSid\":\"MZ1\"}");
            assertEquals(1000, client.awaitClose(WAIT).code());
            stopped.get(WAIT.toMillis(), TimeUnit.MILLISECONDS); // and stops once it ended, well before 20 s
        }
    }

    @Test
    void aCallStillLiveAtTheDrainDeadlineCloses1011AndThePodHearsTheCallerGo() throws Exception {
        api.expectedAuthorization = "Bearer XI-token";
        GatewayServer stopping = f.system.gateway(Map.of("MGW_DRAIN_SECONDS", "1s"));
        try (WsTestClient client = WsTestClient.open(AgentCalls.uri(stopping.port(), "cloudonix/" + agent))) {
            FakePod.Conn conn = cloudonixCall(client);
            stopping.close();
            assertClosed(1011, "Gateway shutting down", client.awaitClose(WAIT));
            assertTrue(nextPodText(conn).contains("\"stop\""), "the pod is told the call is over");
        }
    }

    @Test
    void unknownProvider1008() {
        assertClosed(1008, "Unknown provider: foo", f.closedBy("foo/" + agent));
    }

    @Test
    void unknownAgent1008() {
        assertClosed(1008, "Workflow not found", f.closedBy("cloudonix/" + UUID.randomUUID(), CONNECTED, cloudonixStart("acme")));
    }

    @Test
    void quotaRefusal1008() throws Exception {
        f.limits(0L, null);
        try {
            api.expectedAuthorization = "Bearer XI-token";
            api.expectedCallId = "S1";
            assertClosed(1008, "Quota exceeded", f.closedBy("cloudonix/" + agent, CONNECTED, cloudonixStart("acme")));
        } finally {
            f.limits(null, null);
        }
    }

    @Test
    void concurrentCallLimit1008() throws Exception {
        f.limits(null, 0);
        try {
            api.expectedAuthorization = "Bearer XI-token";
            assertClosed(1008, "Concurrent call limit reached",
                    f.closedBy("cloudonix/" + agent, CONNECTED, cloudonixStart("acme")));
        } finally {
            f.limits(null, null);
        }
    }

    @Test
    void wrongFirstOrSecondEvent4400() {
        assertClosed(4400, "Expected connected event", f.closedBy("cloudonix/" + agent, cloudonixStart("acme")));
        assertClosed(4400, "Expected start event", f.closedBy("cloudonix/" + agent, CONNECTED,
                "{\"event\":\"media\",\"media\":{\"payload\":\"" + MULAW20 + "\"}}"));
    }

    @Test
    void missingIdentifiers4400() {
        assertClosed(4400, "Missing stream identifiers", f.closedBy("cloudonix/" + agent, CONNECTED, cloudonixStart(null)));
        assertClosed(4400, "Missing stream identifiers", f.closedBy("cloudonix/" + agent, CONNECTED,
                cloudonixStart("acme").replace("\"session\":\"S1\",", "")));
        assertEquals(0, api.requests.size(), "no provider REST call");
    }

    @Test
    void emptyDomain4400() {
        for (String empty : List.of("\"\"", "null", "\"   \"")) {
            String start = cloudonixStart("acme").replace("\"accountSid\":\"acme\"", "\"accountSid\":" + empty);
            assertClosed(4400, "Missing Cloudonix domain in start message", f.closedBy("cloudonix/" + agent, CONNECTED, start));
        }
    }

    @Test
    void noConfiguration4400() {
        assertClosed(4400, "Unknown Cloudonix domain: nobody.cloudonix.net",
                f.closedBy("cloudonix/" + agent, CONNECTED, cloudonixStart("nobody")));
    }

    @Test
    void configurationWithoutToken4400() {
        assertClosed(4400, "Cloudonix configuration missing bearer_token",
                f.closedBy("cloudonix/" + agent, CONNECTED, cloudonixStart("empty")));
    }

    @Test
    void malformedStart4400() {
        assertClosed(4400, "Missing start metadata",
                f.closedBy("cloudonix/" + agent, CONNECTED, "{\"event\":\"start\",\"start\":\"oops\"}"));
    }

    @Test
    void providerRejects4400AndNothingHalfCreated() throws Exception {
        int admissions = f.admittedCalls();
        api.expectedAuthorization = "Bearer wrong-token";
        api.expectedCallId = "S1";
        assertClosed(4400, "Cloudonix session validation failed",
                f.closedBy("cloudonix/" + agent, CONNECTED, cloudonixStart("acme")));
        assertEquals(admissions, f.admittedCalls(), "no admission call made");
        assertEquals(1, api.requests.size());
    }

    @Test
    void providerApiOutage1011AndNothingHalfCreated() throws Exception {
        int admissions = f.admittedCalls();
        api.mode = FakeProviderRest.Mode.OUTAGE;
        api.expectedAuthorization = "Bearer XI-token";
        assertClosed(1011, "Cloudonix API unavailable", f.closedBy("cloudonix/" + agent, CONNECTED, cloudonixStart("acme")));
        assertEquals(2, api.count("GET"), "a 503, retried once, is an outage rather than a verdict on the call");
        assertEquals(admissions, f.admittedCalls(), "no admission call made");
    }

    @Test
    void providerApiTimeout1011() throws Exception {
        int admissions = f.admittedCalls();
        api.mode = FakeProviderRest.Mode.SLOW;
        api.expectedAuthorization = "Bearer XI-token";
        long t0 = System.nanoTime();
        assertClosed(1011, "Cloudonix API unavailable", f.closedBy("cloudonix/" + agent, CONNECTED, cloudonixStart("acme")));
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos(), "gave up within about 3 s");
        assertEquals(admissions, f.admittedCalls());
    }

    @Test
    void handshakeTimeout4408() {
        assertClosed(4408, "Handshake timeout", f.closedBy("cloudonix/" + agent, CONNECTED));
    }
}
