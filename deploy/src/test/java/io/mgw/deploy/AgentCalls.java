package io.mgw.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import io.mgw.gateway.testing.Await;
import io.mgw.gateway.testing.FakePod;
import io.mgw.gateway.testing.FakeProviderRest;
import io.mgw.gateway.testing.WsTestClient;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the agent-stream tests share: the real system (control plane, gateway), an agent whose deployment a scripted
 * pod serves in place of the launcher's runtime (the pod sends the frames a test needs, such as hangup, transfer, mark
 * and clear, which the runtime's nodes never emit), the fake provider API (a third party), telephony configurations
 * made over REST, and the provider messages and waits the call tests use. One per test class.
 */
final class AgentCalls implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final String CONNECTED = "{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}";
    static final String MULAW20 = Base64.getEncoder().encodeToString(filled(160, (byte) 0xFF));
    static final String TWILIO_START = "{\"event\":\"start\",\"sequenceNumber\":\"1\",\"streamSid\":\"MZ1\",\"start\":{"
            + "\"streamSid\":\"MZ1\",\"accountSid\":\"AC1\",\"callSid\":\"CA1\",\"tracks\":[\"inbound\"],"
            + "\"customParameters\":{\"k\":\"v\"},"
            + "\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}}}";

    final RealSystem system;
    final FakeProviderRest api;
    final FakePod pod;
    final String workflow;
    final String agent;
    final String org;

    /** The system with {@code settings}, an echo workflow served by a scripted pod, and the Cloudonix domain {@code acme}. */
    AgentCalls(String name, Map<String, String> settings) throws Exception {
        system = new RealSystem(name, settings);
        api = new FakeProviderRest();
        try {
            workflow = system.echoWorkflow(1000);
            JsonNode document = RealSystem.json(system.call("GET", "/api/v1/workflows/" + workflow, null));
            agent = document.path("agentUuid").asText();
            org = document.path("organizationId").asText();
            String deployment = system.productionDeployment(workflow);
            system.unhost(deployment);
            pod = new FakePod(deployment).register(system.redis, 1000, 0);
            pod.echo = false;
            telephony("cloudonix", "acme.cloudonix.net", null, "XI-token", null);
        } catch (Exception | AssertionError e) {
            close();
            throw e;
        }
    }

    /** Creates a telephony configuration of the organization over REST (null credentials left out); its id. */
    String telephony(String provider, String identifier, String accountId, String apiKey, String secret) throws Exception {
        return telephonyAs(system.mgw.adminKey(), provider, identifier, accountId, apiKey, secret);
    }

    String telephonyAs(String apiKey, String provider, String identifier, String accountId, String key, String secret)
            throws Exception {
        Map<String, String> credentials = new HashMap<>();
        if (accountId != null) {
            credentials.put("account_id", accountId);
        }
        if (key != null) {
            credentials.put("api_key", key);
        }
        if (secret != null) {
            credentials.put("secret", secret);
        }
        HttpResponse<String> created = system.callAs(apiKey, "POST", "/api/v1/telephony-configurations",
                RealSystem.JSON.writeValueAsString(Map.of("provider", provider, "identifier", identifier,
                        "name", provider + " " + identifier, "api_base_url", api.baseUrl(), "credentials", credentials)));
        assertEquals(201, created.statusCode(), created.body());
        return RealSystem.JSON.readTree(created.body()).path("id").asText();
    }

    /** The organization's limits over REST (null: unlimited). */
    void limits(Long sessionSecondsBudget, Integer concurrentCallLimit) throws Exception {
        Map<String, Object> body = new HashMap<>();
        body.put("sessionSecondsBudget", sessionSecondsBudget);
        body.put("concurrentCallLimit", concurrentCallLimit);
        RealSystem.json(system.call("PUT", "/api/v1/organizations/" + org + "/limits",
                RealSystem.JSON.writeValueAsString(body)));
    }

    URI uri(String path) {
        return uri(system.gatewayPort(), path);
    }

    /** The agent-stream URL {@code path} on the gateway listening on {@code gatewayPort}. */
    static URI uri(int gatewayPort, String path) {
        return URI.create("ws://127.0.0.1:" + gatewayPort + "/api/v1/agent-stream/" + path);
    }

    /** Opens a call, sends {@code messages}, and waits for it to reach the pod. */
    Call call(String path, String... messages) throws InterruptedException {
        WsTestClient client = WsTestClient.open(uri(path));
        for (String m : messages) {
            send(client, m);
        }
        FakePod.Conn conn = pod.nextCall(WAIT);
        return new Call(client, conn.sessionId, conn);
    }

    /** An open call: the provider-side client, the session, and the pod connection it reached. */
    record Call(WsTestClient client, String sessionId, FakePod.Conn conn) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
        }
    }

    /**
     * Opens a call on {@code path}, sends {@code messages} (stopping early when the gateway has closed already) and
     * returns how the gateway closed it.
     */
    WsTestClient.Closed closedBy(String path, String... messages) {
        try (WsTestClient client = WsTestClient.open(uri(path))) {
            for (String m : messages) {
                try {
                    send(client, m);
                } catch (java.util.concurrent.CompletionException closedAlready) {
                    break; // the gateway may close as soon as it knows the answer (an unknown agent after connected)
                }
            }
            return client.awaitClose(Duration.ofSeconds(8));
        }
    }

    /** {@code mgw_gateway_agent_frames_dropped_total} for {@code provider}, from {@code side} (provider or pod). */
    double dropped(String provider, String side) {
        return system.metric(system.mgw.gatewayUrl(), "mgw_gateway_agent_frames_dropped_total",
                "provider=\"" + provider + "\"", "from=\"" + side + "\"");
    }

    /** An HTTP Basic authorization header value. */
    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The {@code call} object of a call's session, as the sessions REST API shows it. */
    JsonNode callOf(String sessionId) throws Exception {
        return system.session(sessionId).path("call");
    }

    /** How many call sessions the workflow has had (admitted calls). */
    int admittedCalls() throws Exception {
        int count = 0;
        for (JsonNode s : RealSystem.json(system.call("GET", "/api/v1/streaming-sessions?workflowId=" + workflow
                + "&limit=200", null)).path("items")) {
            count += s.hasNonNull("call") ? 1 : 0;
        }
        return count;
    }

    /** Waits until the control plane recorded the call's end (the gateway released it). */
    void awaitEnded(String sessionId) throws InterruptedException {
        Await.until(WAIT, () -> {
            try {
                return "ended".equals(system.session(sessionId).path("status").asText());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "the call's session ended");
    }

    @Override
    public void close() {
        if (pod != null) {
            pod.close();
        }
        api.close();
        system.close();
    }

    // ---- provider messages and waits ------------------------------------------------------------------------

    static byte[] filled(int n, byte b) {
        byte[] a = new byte[n];
        Arrays.fill(a, b);
        return a;
    }

    /** A Cloudonix start (V1's START_OK); {@code accountSid} null leaves the key out. */
    static String cloudonixStart(String accountSid) {
        return "{\"event\":\"start\",\"sequenceNumber\":\"1\",\"streamSid\":\"MZ1\",\"start\":{\"streamSid\":\"MZ1\","
                + "\"callSid\":\"CA1\",\"session\":\"S1\"" + (accountSid == null ? "" : ",\"accountSid\":\"" + accountSid + "\"")
                + ",\"from\":\"+15551230001\",\"to\":\"+15551230002\",\"context\":\"inbound\",\"tracks\":[\"inbound\"],"
                + "\"customParameters\":{\"crm_id\":\"42\"},"
                + "\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}}}";
    }

    /** A Twilio-framed media message ({@code seq} 2 is the first). */
    static String media(int seq) {
        return "{\"event\":\"media\",\"sequenceNumber\":\"" + seq + "\",\"streamSid\":\"MZ1\",\"media\":{\"track\":\"inbound\","
                + "\"chunk\":\"" + (seq - 1) + "\",\"timestamp\":\"" + ((seq - 2) * 20) + "\",\"payload\":\"" + MULAW20 + "\"}}";
    }

    static void send(WsTestClient client, String text) {
        client.ws.sendText(text, true).join();
    }

    /** Skips pod-side audio until a text frame arrives. */
    static String nextPodText(FakePod.Conn conn) throws InterruptedException {
        while (true) {
            if (conn.next(WAIT) instanceof String s) {
                return s;
            }
        }
    }

    /** The next frame at the pod, which must be text. */
    static String nextText(FakePod.Conn conn) throws InterruptedException {
        Object o = conn.next(WAIT);
        assertInstanceOf(String.class, o, "expected a text frame at the pod");
        return (String) o;
    }

    /** The next frame at the pod, which must be binary audio. */
    static byte[] nextPodAudio(FakePod.Conn conn) throws InterruptedException {
        Object o = conn.next(WAIT);
        assertInstanceOf(byte[].class, o, "expected audio at the pod, got " + o);
        return (byte[]) o;
    }

    /** Skips provider-side frames until a text frame containing {@code needle}. */
    static String nextProviderMatching(WsTestClient client, String needle) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            Object o = client.received.poll(200, TimeUnit.MILLISECONDS);
            if (o instanceof String s && s.contains(needle)) {
                return s;
            }
        }
        throw new AssertionError("provider never got " + needle);
    }
}
