package io.mgw.runtime.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.mgw.adapters.contract.ControlMessage;
import io.mgw.adapters.contract.InternalApi;
import io.mgw.adapters.contract.RedisKeys;
import io.mgw.adapters.frame.FrameJson;
import io.mgw.embedded.TestServices;
import io.mgw.runtime.testing.Await;
import io.mgw.runtime.testing.RedisProbe;
import io.mgw.runtime.testing.RuntimeHarness;
import io.mgw.runtime.testing.SessionClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pod's session socket end to end: a real runtime, real Redis, the JDK WebSocket client as the gateway. */
class SessionSocketIT {

    static final Duration DEADLINE = Duration.ofSeconds(5);
    /** echo (no transcripts of its own) and say-text side by side: audio comes back, injects become transcripts. */
    static final String ECHO_AND_SAY = "[{\"id\":\"echo-1\",\"type\":\"echo\",\"config\":{\"transcript\":false}},"
            + "{\"id\":\"say-1\",\"type\":\"say-text\",\"config\":{}}]";

    private static final String EVENTS = "it:events:" + UUID.randomUUID();
    private static RuntimeHarness runtime;
    private static RedisProbe redis;

    @BeforeAll
    static void start() {
        runtime = new RuntimeHarness(Map.of("MGW_POD_ID", RuntimeHarness.uniquePodId(), "MGW_EVENTS_STREAM", EVENTS));
        redis = new RedisProbe(TestServices.redisUrl());
    }

    @AfterAll
    static void stop() {
        runtime.close();
        redis.redis().del(EVENTS);
        redis.close();
    }

    // ------------------------------------------------------------------ helpers

    static String deploy(RuntimeHarness harness, String nodes, String connections) throws Exception {
        String id = RuntimeHarness.uniqueDeploymentId();
        String spec = "{\"deployment_id\":\"" + id + "\",\"organization_id\":\"org_it\",\"workflow_id\":\"wf_abcdefghijklmnop\","
                + "\"workflow_type\":\"streaming\",\"nodes\":" + nodes + ",\"connections\":" + connections + "}";
        var response = harness.internal("PUT", InternalApi.runtimeDeploymentPath(id), spec);
        assertEquals(201, response.statusCode(), response.body());
        return id;
    }

    static String sessionId() {
        return "sess_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    static byte[] pcm(int samples, short amplitude) {
        byte[] bytes = new byte[samples * 2];
        for (int i = 0; i < samples; i++) {
            short value = (short) (i % 2 == 0 ? amplitude : -amplitude);
            bytes[2 * i] = (byte) value;
            bytes[2 * i + 1] = (byte) (value >> 8);
        }
        return bytes;
    }

    /** Sends audio and waits for its echo: the link is attached and the session runs. */
    static void roundTrip(SessionClient client) {
        byte[] audio = pcm(320, (short) 100);
        client.sendBinary(audio);
        assertArrayEquals(audio, client.nextBinary());
    }

    static void awaitSubscribed(String sessionId) {
        String channel = RedisKeys.control(sessionId);
        Await.until(DEADLINE, "pod subscribed to " + channel,
                () -> redis.redis().pubsubNumsub(channel).getOrDefault(channel, 0L) >= 1);
    }

    static void publish(String sessionId, ControlMessage message) throws Exception {
        redis.redis().publish(RedisKeys.control(sessionId), FrameJson.mapper().writeValueAsString(message));
    }

    static List<JsonNode> events(String sessionId) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (StreamMessage<String, String> entry : redis.redis().xrange(EVENTS, Range.create("-", "+"))) {
            JsonNode event = FrameJson.mapper().readTree(entry.getBody().get(RedisKeys.EVENT_FIELD));
            if (sessionId.equals(event.path("session_id").asText())) {
                found.add(event);
            }
        }
        return found;
    }

    static JsonNode awaitEvent(String sessionId, String type, String field, String value) {
        JsonNode[] hit = new JsonNode[1];
        Await.until(DEADLINE, type + " event with " + field + "=" + value + " for " + sessionId, () -> {
            try {
                for (JsonNode event : events(sessionId)) {
                    if (type.equals(event.path("type").asText()) && value.equals(event.path(field).asText())) {
                        hit[0] = event;
                        return true;
                    }
                }
                return false;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return hit[0];
    }

    // ------------------------------------------------------------------ tests

    @Test
    void audioEchoesAndInjectsBecomeTranscriptsWithIncreasingSeq() throws Exception {
        String deployment = deploy(runtime, ECHO_AND_SAY, "[]");
        String sid = sessionId();
        try (SessionClient client = SessionClient.connect(runtime.server().port(), sid, deployment, false)) {
            roundTrip(client);
            byte[] audio = pcm(320, (short) 1200);
            client.sendText("{\"type\":\"audio\",\"data\":\"" + Base64.getEncoder().encodeToString(audio) + "\"}");
            JsonNode jsonAudio = client.nextJson("audio");
            assertArrayEquals(audio, Base64.getDecoder().decode(jsonAudio.path("data").asText()));
            assertTrue(jsonAudio.path("seq").isMissingNode(), "audio carries no seq");

            client.sendText("{\"type\":\"inject\",\"text\":\"Hello from the app\",\"role\":\"system\"}");
            JsonNode first = client.nextJson("transcript");
            assertEquals("assistant", first.path("role").asText());
            assertEquals("Hello from the app", first.path("text").asText());
            assertEquals(1, first.path("seq").asLong());

            awaitSubscribed(sid);
            publish(sid, ControlMessage.inject(sid, "Operator says hi", "system"));
            JsonNode second = client.nextJson("transcript");
            assertEquals("Operator says hi", second.path("text").asText());
            assertEquals(2, second.path("seq").asLong());

            awaitEvent(sid, "session.state", "state", "active");
            JsonNode transcript = awaitEvent(sid, "transcript", "text", "Operator says hi");
            assertEquals("org_it", transcript.path("org").asText());
            assertEquals("assistant", transcript.path("role").asText());
            awaitEvent(sid, "transcript", "text", "Hello from the app");
        }
    }

    @Test
    void endOnTheControlChannelSendsEndThenCloses1000() throws Exception {
        String deployment = deploy(runtime, ECHO_AND_SAY, "[]");
        String sid = sessionId();
        try (SessionClient client = SessionClient.connect(runtime.server().port(), sid, deployment, false)) {
            client.sendText("{\"type\":\"inject\",\"text\":\"one\"}");
            assertEquals(1, client.nextJson("transcript").path("seq").asLong());
            awaitSubscribed(sid);

            publish(sid, ControlMessage.end(sid, "operator-ended"));

            JsonNode end = client.nextJson("end");
            assertEquals(2, end.path("seq").asLong());
            assertEquals("operator-ended", end.path("reason").asText());
            assertEquals(1000, client.closeCode());
            awaitEvent(sid, "session.state", "state", "ended");
            assertEquals("operator-ended", awaitEvent(sid, "session.state", "state", "ended").path("reason").asText());
            Await.until(DEADLINE, "session forgotten", () -> redis.redis().pubsubNumsub(RedisKeys.control(sid))
                    .getOrDefault(RedisKeys.control(sid), 0L) == 0);
        }
    }

    @Test
    void stopFromTheCallerEndsTheSessionWithDisposition() throws Exception {
        String nodes = "[{\"id\":\"echo-1\",\"type\":\"echo\"},"
                + "{\"id\":\"disp-1\",\"type\":\"disposition\",\"config\":{\"outcome\":\"resolved\",\"queue\":\"billing\"}}]";
        String deployment = deploy(runtime, nodes, "[]");
        String sid = sessionId();
        try (SessionClient client = SessionClient.connect(runtime.server().port(), sid, deployment, false)) {
            roundTrip(client);
            client.sendText("{\"type\":\"stop\",\"reason\":\"caller-hangup\"}");

            JsonNode disposition = client.nextJson("disposition");
            assertEquals(1, disposition.path("seq").asLong());
            assertEquals("v1", disposition.path("schema_version").asText());
            assertEquals("resolved", disposition.path("fields").path("outcome").asText());
            assertEquals("billing", disposition.path("fields").path("queue").asText());
            assertEquals("caller-hangup", disposition.path("fields").path("end_reason").asText());
            JsonNode end = client.nextJson("end");
            assertEquals(2, end.path("seq").asLong());
            assertEquals(1000, client.closeCode());
        }
    }

    @Test
    void aStopWhileAudioKeepsArrivingStillReachesTheGatewayAsEndAnd1000() throws Exception {
        String deployment = deploy(runtime, "[{\"id\":\"echo-1\",\"type\":\"echo\"}]", "[]");
        byte[] audio = pcm(8_000, (short) 100); // half a second per frame: the pod's receive buffer fills at once
        // The gateway keeps sending audio after the stop: were the pod to close on that unread input, the kernel
        // would reset the connection and destroy the end and close frames still waiting in the gateway's buffer.
        for (int attempt = 0; attempt < 10; attempt++) {
            try (SessionClient client = SessionClient.connect(runtime.server().port(), sessionId(), deployment, false)) {
                roundTrip(client);
                client.sendText("{\"type\":\"stop\",\"reason\":\"caller-hangup\"}");
                try {
                    for (int i = 0; i < 40; i++) {
                        client.sendBinary(audio);
                    }
                } catch (RuntimeException closing) {
                    // the pod has closed its side: the rest of the audio has nowhere to go
                }
                assertEquals("caller-hangup", client.nextJson("end").path("reason").asText(), "attempt " + attempt);
                assertEquals(1000, client.closeCode(), "attempt " + attempt);
            }
        }
    }

    @Test
    void takeoverWithinGraceResumesAndContinuesSeq() throws Exception {
        String deployment = deploy(runtime, ECHO_AND_SAY, "[]");
        String sid = sessionId();
        int port = runtime.server().port();
        try (SessionClient first = SessionClient.connect(port, sid, deployment, false)) {
            first.sendText("{\"type\":\"inject\",\"text\":\"before the drop\"}");
            assertEquals(1, first.nextJson("transcript").path("seq").asLong());
            first.abort();
        }
        try (SessionClient second = SessionClient.connect(port, sid, deployment, true)) {
            assertEquals(1, second.nextJson("resumed").path("last_seq").asLong());
            second.sendText("{\"type\":\"inject\",\"text\":\"after the move\"}");
            JsonNode next = second.nextJson("transcript");
            assertEquals(2, next.path("seq").asLong());
            roundTrip(second);

            try (SessionClient third = SessionClient.connect(port, sid, deployment, true)) {
                assertEquals(1012, second.closeCode());
                assertEquals(2, third.nextJson("resumed").path("last_seq").asLong());
                third.sendText("{\"type\":\"inject\",\"text\":\"third link\"}");
                assertEquals(3, third.nextJson("transcript").path("seq").asLong());
            }
        }
        assertEquals(1, events(sid).stream().filter(e -> "active".equals(e.path("state").asText())).count(),
                "one session, one active");
    }

    @Test
    void takeoverOfASessionFromAnotherPodContinuesFromTheBufferedLastSeq() throws Exception {
        String deployment = deploy(runtime, ECHO_AND_SAY, "[]");
        String sid = sessionId();
        redis.redis().hset(RedisKeys.session(sid), RedisKeys.SESSION_LAST_SEQ, "41");
        try (SessionClient client = SessionClient.connect(runtime.server().port(), sid, deployment, true)) {
            assertEquals(41, client.nextJson("resumed").path("last_seq").asLong());
            client.sendText("{\"type\":\"inject\",\"text\":\"moved pods\"}");
            assertEquals(42, client.nextJson("transcript").path("seq").asLong());
        } finally {
            redis.redis().del(RedisKeys.session(sid));
        }
    }

    @Test
    void takeoverWithoutBufferedSeqStartsFromZero() throws Exception {
        String deployment = deploy(runtime, ECHO_AND_SAY, "[]");
        String sid = sessionId();
        try (SessionClient client = SessionClient.connect(runtime.server().port(), sid, deployment, true)) {
            assertEquals(0, client.nextJson("resumed").path("last_seq").asLong());
            client.sendText("{\"type\":\"inject\",\"text\":\"fresh\"}");
            assertEquals(1, client.nextJson("transcript").path("seq").asLong());
        }
    }

    @Test
    void aFailingNodeGivesAnErrorFrameAndEventAndTheSessionGoesOn() throws Exception {
        String nodes = "[{\"id\":\"vad-1\",\"type\":\"vad\"},{\"id\":\"echo-1\",\"type\":\"echo\"}]";
        String deployment = deploy(runtime, nodes, "[{\"source\":\"vad-1\",\"target\":\"echo-1\"}]");
        String sid = sessionId();
        try (SessionClient client = SessionClient.connect(runtime.server().port(), sid, deployment, false)) {
            client.sendBinary(new byte[] {1, 2, 3});
            JsonNode error = client.nextJson("error");
            assertEquals(1, error.path("seq").asLong());
            assertEquals("vad-1", error.path("node_id").asText());
            assertEquals("node.failed", error.path("code").asText());

            roundTrip(client);
            JsonNode event = awaitEvent(sid, "error", "node_id", "vad-1");
            assertEquals("node.failed", event.path("code").asText());
        }
    }

    @Test
    void speechOverPlaybackClearsAndCountsABargeIn() throws Exception {
        String nodes = "[{\"id\":\"vad-1\",\"type\":\"vad\",\"config\":{\"minSpeechMs\":100}},{\"id\":\"echo-1\",\"type\":\"echo\"}]";
        String deployment = deploy(runtime, nodes, "[{\"source\":\"vad-1\",\"target\":\"echo-1\"}]");
        String sid = sessionId();
        try (SessionClient client = SessionClient.connect(runtime.server().port(), sid, deployment, false)) {
            byte[] loud = pcm(320, (short) 8000);
            for (int i = 0; i < 6; i++) {
                client.sendBinary(loud);
            }
            SessionClient.Message clear = client.until(m -> m.json() != null);
            assertTrue(clear.isJson("clear"), clear.json().toString());
            assertTrue(clear.json().path("seq").isMissingNode(), "clear carries no seq");
        }
    }

    @Test
    void aDigitRoutesThroughTheMenu() throws Exception {
        String nodes = "[{\"id\":\"menu-1\",\"type\":\"dtmf-menu\",\"config\":{\"prompt\":\"Press 1 for billing\"}},"
                + "{\"id\":\"billing\",\"type\":\"say-text\",\"label\":\"Billing\",\"config\":{\"text\":\"Billing here\"}},"
                + "{\"id\":\"other\",\"type\":\"say-text\",\"config\":{\"text\":\"Someone else\"}}]";
        String connections = "[{\"source\":\"menu-1\",\"sourcePort\":\"1\",\"target\":\"billing\"},"
                + "{\"source\":\"menu-1\",\"sourcePort\":\"default\",\"target\":\"other\"}]";
        String deployment = deploy(runtime, nodes, connections);
        String sid = sessionId();
        try (SessionClient client = SessionClient.connect(runtime.server().port(), sid, deployment, false)) {
            assertEquals("Press 1 for billing", client.nextJson("transcript").path("text").asText());
            client.sendText("{\"type\":\"dtmf\",\"digit\":\"1\"}");
            JsonNode route = client.nextJson("transcript");
            assertEquals("system", route.path("role").asText());
            assertTrue(route.path("text").asText().contains("Billing"), route.toString());
            JsonNode said = client.nextJson("transcript");
            assertEquals("Billing here", said.path("text").asText());
            assertEquals(3, said.path("seq").asLong());
            client.sendText("{\"type\":\"dtmf\",\"digit\":\"7\"}");
            client.nextJson("transcript");
            assertEquals("Someone else", client.nextJson("transcript").path("text").asText());
        }
    }

    @Test
    void menuRoutesToATransferAndAHangUpThatEachAskOnceAfterTheirWords() throws Exception {
        String nodes = "[{\"id\":\"menu\",\"type\":\"dtmf-menu\"},"
                + "{\"id\":\"human\",\"type\":\"transfer-call\",\"config\":{\"to\":\"+15551239999\","
                + "\"say\":\"Connecting you\",\"reason\":\"escalation\"}},"
                + "{\"id\":\"bye\",\"type\":\"hang-up\",\"config\":{\"say\":\"Goodbye\"}}]";
        String connections = "[{\"source\":\"menu\",\"sourcePort\":\"0\",\"target\":\"human\"},"
                + "{\"source\":\"menu\",\"sourcePort\":\"9\",\"target\":\"bye\"}]";
        String deployment = deploy(runtime, nodes, connections);
        try (SessionClient client = SessionClient.connect(runtime.server().port(), sessionId(), deployment, false)) {
            client.sendText("{\"type\":\"dtmf\",\"digit\":\"0\"}");
            client.nextJson("transcript"); // the menu's routing line
            assertEquals("Connecting you", client.nextJson("transcript").path("text").asText());
            JsonNode transfer = client.nextJson("transfer");
            assertEquals("+15551239999", transfer.path("to").asText());
            assertEquals("escalation", transfer.path("reason").asText());
            assertTrue(transfer.path("seq").isMissingNode(), "transfer carries no seq");
            client.sendText("{\"type\":\"dtmf\",\"digit\":\"0\"}"); // routed again: it asked already
            client.sendText("{\"type\":\"dtmf\",\"digit\":\"9\"}");
            client.nextJson("transcript");
            client.nextJson("transcript");
            assertEquals("Goodbye", client.nextJson("transcript").path("text").asText());
            JsonNode hangup = client.nextJson("hangup");
            assertEquals("completed", hangup.path("reason").asText());
        }
    }

    @Test
    void theDispositionOfTheBranchTakenIsTheCallsOnlyOneAndEndsTheCallUnlessToldNotTo() throws Exception {
        String nodes = "[{\"id\":\"menu\",\"type\":\"dtmf-menu\"},"
                + "{\"id\":\"callback\",\"type\":\"disposition\",\"config\":{\"outcome\":\"callback-requested\"}},"
                + "{\"id\":\"note\",\"type\":\"disposition\",\"config\":{\"outcome\":\"noted\",\"hangup\":false}}]";
        String connections = "[{\"source\":\"menu\",\"sourcePort\":\"3\",\"target\":\"callback\"},"
                + "{\"source\":\"menu\",\"sourcePort\":\"4\",\"target\":\"note\"}]";
        String deployment = deploy(runtime, nodes, connections);
        try (SessionClient client = SessionClient.connect(runtime.server().port(), sessionId(), deployment, false)) {
            client.sendText("{\"type\":\"dtmf\",\"digit\":\"3\"}");
            client.nextJson("transcript");
            JsonNode disposition = client.nextJson("disposition");
            assertEquals("callback-requested", disposition.path("fields").path("outcome").asText());
            assertTrue(disposition.path("fields").path("end_reason").isMissingNode(), "recorded before the end");
            assertEquals("callback-requested", client.nextJson("hangup").path("reason").asText());
            client.sendText("{\"type\":\"stop\",\"reason\":\"caller-hangup\"}");
            assertTrue(client.nextJson("end").path("seq").asLong() > 0, "the branch not taken records nothing at the end");
        }
        try (SessionClient client = SessionClient.connect(runtime.server().port(), sessionId(), deployment, false)) {
            client.sendText("{\"type\":\"dtmf\",\"digit\":\"4\"}");
            client.nextJson("transcript");
            assertEquals("noted", client.nextJson("disposition").path("fields").path("outcome").asText());
            client.sendText("{\"type\":\"stop\",\"reason\":\"caller-hangup\"}");
            assertTrue(client.nextJson("end").path("seq").asLong() > 0, "no hangup (hangup false), no second disposition");
        }
    }

    @Test
    void aTransferWithoutADestinationIsANodeError() throws Exception {
        String deployment = deploy(runtime, "[{\"id\":\"human\",\"type\":\"transfer-call\",\"config\":{}}]", "[]");
        try (SessionClient client = SessionClient.connect(runtime.server().port(), sessionId(), deployment, false)) {
            JsonNode error = client.nextJson("error");
            assertEquals("human", error.path("node_id").asText(), error.toString());
            assertEquals("node.config", error.path("code").asText(), error.toString());
        }
    }

    @Test
    void refusesBeforeTheUpgrade() throws Exception {
        String deployment = deploy(runtime, ECHO_AND_SAY, "[]");
        int port = runtime.server().port();
        assertEquals(401, SessionClient.refusedStatus(port, sessionId(), deployment, null));
        assertEquals(401, SessionClient.refusedStatus(port, sessionId(), deployment, "wrong-token"));
        assertEquals(404, SessionClient.refusedStatus(port, sessionId(), "dep_notHostedHere", RuntimeHarness.SERVICE_TOKEN));
        assertEquals(404, SessionClient.refusedStatus(port, "bad.id", deployment, RuntimeHarness.SERVICE_TOKEN));

        var unauthorized = runtime.send("GET", "/sessions/" + sessionId() + "/ws?deployment=" + deployment, (String) null, Map.of());
        assertEquals(401, unauthorized.statusCode());
        assertEquals("unauthorized", FrameJson.mapper().readTree(unauthorized.body()).path("error").asText());
        var unknown = runtime.send("GET", "/sessions/" + sessionId() + "/ws?deployment=dep_nope", (String) null,
                Map.of(InternalApi.SERVICE_TOKEN_HEADER, RuntimeHarness.SERVICE_TOKEN));
        assertEquals(404, unknown.statusCode());
        assertEquals("deployment_not_found", FrameJson.mapper().readTree(unknown.body()).path("error").asText());
    }
}
