package io.mgw.gateway.testing;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.mgw.adapters.contract.AgentRoute;
import io.mgw.adapters.contract.TelephonyRoute;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * What an agent-stream test needs: a gateway pointed at the fake control plane, a fake pod registered for the
 * calls' deployment, a fake provider REST API, an agent and a Cloudonix configuration, plus the provider messages
 * and waits the call tests share. One per test class; {@link #close()} stops everything.
 */
public final class AgentStreamHarness implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);
    public static final String CONNECTED = "{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}";
    public static final String MULAW20 = Base64.getEncoder().encodeToString(filled(160, (byte) 0xFF));

    public final SessionSocketHarness h;
    public final GatewayHarness gateway;
    public final FakePod pod;
    public final FakeProviderRest api;
    public final String org = SessionSocketHarness.ORG;
    public final String agent = UUID.randomUUID().toString();
    public final String deployment = Ids.deployment();

    public AgentStreamHarness(Map<String, String> gatewayEnv) throws Exception {
        h = new SessionSocketHarness();
        gateway = h.gateway(gatewayEnv);
        pod = new FakePod(deployment).register(h.redis, 1000, 0);
        pod.echo = false;
        api = new FakeProviderRest();
        h.controlPlane.putAgent(new AgentRoute(agent, "wf_" + Ids.random(12), org, "voice", "active"));
        h.controlPlane.callDeployment = deployment;
        h.controlPlane.putTelephony(new TelephonyRoute("tc_cx", org, "cloudonix", "acme.cloudonix.net", api.baseUrl(),
                null, "XI-token", null));
    }

    public static byte[] filled(int n, byte b) {
        byte[] a = new byte[n];
        Arrays.fill(a, b);
        return a;
    }

    public URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + gateway.server().port() + "/api/v1/agent-stream/" + path);
    }

    /** A Cloudonix start (V1's START_OK); {@code accountSid} null leaves the key out. */
    public static String cloudonixStart(String accountSid) {
        return "{\"event\":\"start\",\"sequenceNumber\":\"1\",\"streamSid\":\"MZ1\",\"start\":{\"streamSid\":\"MZ1\","
                + "\"callSid\":\"CA1\",\"session\":\"S1\"" + (accountSid == null ? "" : ",\"accountSid\":\"" + accountSid + "\"")
                + ",\"from\":\"+15551230001\",\"to\":\"+15551230002\",\"context\":\"inbound\",\"tracks\":[\"inbound\"],"
                + "\"customParameters\":{\"crm_id\":\"42\"},"
                + "\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}}}";
    }

    public static final String TWILIO_START = "{\"event\":\"start\",\"sequenceNumber\":\"1\",\"streamSid\":\"MZ1\",\"start\":{"
            + "\"streamSid\":\"MZ1\",\"accountSid\":\"AC1\",\"callSid\":\"CA1\",\"tracks\":[\"inbound\"],"
            + "\"customParameters\":{\"k\":\"v\"},"
            + "\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}}}";

    /** A Twilio-framed media message ({@code seq} 2 is the first). */
    public static String media(int seq) {
        return "{\"event\":\"media\",\"sequenceNumber\":\"" + seq + "\",\"streamSid\":\"MZ1\",\"media\":{\"track\":\"inbound\","
                + "\"chunk\":\"" + (seq - 1) + "\",\"timestamp\":\"" + ((seq - 2) * 20) + "\",\"payload\":\"" + MULAW20 + "\"}}";
    }

    public static void send(WsTestClient client, String text) {
        client.ws.sendText(text, true).join();
    }

    /** Opens a call and sends {@code messages}; returns the admitted session's pod connection. */
    public Call call(String path, String... messages) throws InterruptedException {
        int before = h.controlPlane.admitted.size();
        WsTestClient client = WsTestClient.open(uri(path));
        for (String m : messages) {
            send(client, m);
        }
        Await.until(WAIT, () -> h.controlPlane.admitted.size() > before, "call admitted");
        String sid = h.controlPlane.admitted.get(before);
        return new Call(client, sid, pod.await(sid, WAIT));
    }

    /** An open call: the provider-side client, the session, and the pod connection it reached first. */
    public record Call(WsTestClient client, String sessionId, FakePod.Conn conn) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
        }
    }

    /** Skips pod-side audio until a text frame arrives. */
    public static String nextPodText(FakePod.Conn conn) throws InterruptedException {
        while (true) {
            Object o = conn.next(WAIT);
            if (o instanceof String s) {
                return s;
            }
        }
    }

    /** The next frame at the pod, which must be binary audio. */
    public static byte[] nextPodAudio(FakePod.Conn conn) throws InterruptedException {
        Object o = conn.next(WAIT);
        assertInstanceOf(byte[].class, o, "expected audio at the pod, got " + o);
        return (byte[]) o;
    }

    /** Skips provider-side frames until a text frame containing {@code needle}. */
    public static String nextProviderMatching(WsTestClient client, String needle) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            Object o = client.received.poll(200, TimeUnit.MILLISECONDS);
            if (o instanceof String s && s.contains(needle)) {
                return s;
            }
        }
        throw new AssertionError("provider never got " + needle);
    }

    @Override
    public void close() {
        gateway.close();
        pod.close();
        api.close();
        h.close();
    }
}
