package io.mgw.deploy;

import static io.mgw.deploy.AgentCalls.CONNECTED;
import static io.mgw.deploy.AgentCalls.TWILIO_START;
import static io.mgw.deploy.AgentCalls.basic;
import static io.mgw.deploy.AgentCalls.WAIT;
import static io.mgw.deploy.AgentCalls.cloudonixStart;
import static io.mgw.deploy.AgentCalls.media;
import static io.mgw.deploy.AgentCalls.nextPodAudio;
import static io.mgw.deploy.AgentCalls.nextPodText;
import static io.mgw.deploy.AgentCalls.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgw.gateway.testing.Await;
import io.mgw.gateway.testing.FakeProviderRest;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pod's call-control frames over real sockets: {@code hangup} and {@code transfer} become the provider's REST
 * calls exactly once even when asked twice (the fake provider API counts them and checks the credentials and the
 * call id: for Cloudonix the {@code session}, never the call SID), and {@code dtmf} toward the caller reaches the
 * provider in its format where it has an API for it, and is dropped and counted where it has none.
 */
class AgentCallControlE2EIT {

    private static final String TELNYX_START = "{\"event\":\"start\",\"sequence_number\":\"1\",\"stream_id\":\"ST1\",\"start\":{"
            + "\"call_control_id\":\"v3:abc\",\"from\":\"+15551230001\",\"to\":\"+15551230002\","
            + "\"media_format\":{\"encoding\":\"PCMU\",\"sample_rate\":8000,\"channels\":1}}}";
    private static final String PLIVO_START = "{\"event\":\"start\",\"sequenceNumber\":0,\"start\":{\"callId\":\"C1\","
            + "\"streamId\":\"P1\",\"accountId\":\"MA1\",\"tracks\":[\"inbound\"],"
            + "\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000}}}";

    @AutoClose
    private static AgentCalls a;
    private static FakeProviderRest api;

    @BeforeAll
    static void start() throws Exception {
        a = new AgentCalls("control", Map.of());
        api = a.api;
        a.telephony("twilio", "AC1", "AC1", null, "tw-secret");
        a.telephony("telnyx", "conn-1", null, "KEY-tx", null);
        a.telephony("plivo", "MA1", "MA1", null, "pl-secret");
    }

    @BeforeEach
    void reset() {
        api.reset();
    }

    private void awaitReleased(String sid) throws InterruptedException {
        a.awaitEnded(sid);
    }

    @Test
    void cloudonixHangupAskedTwiceDeletesTheSessionOnce() throws Exception {
        api.expectedAuthorization = "Bearer XI-token";
        api.expectedCallId = "S1";
        try (var call = a.call("cloudonix/" + a.agent, CONNECTED, cloudonixStart("acme"))) {
            nextPodText(call.conn()); // start
            call.conn().sendText("{\"type\":\"hangup\",\"reason\":\"completed\"}");
            call.conn().sendText("{\"type\":\"hangup\",\"reason\":\"completed\"}");
            assertEquals(1000, call.client().awaitClose(WAIT).code());
            awaitReleased(call.sessionId());
            var deletes = api.matching("DELETE", "/customers/self/domains/acme.cloudonix.net/sessions/S1");
            assertEquals(1, deletes.size(), "one hangup: " + api.requests);
            assertTrue(deletes.get(0).accepted(), "bearer token and session id checked");
            assertEquals(1, api.count("DELETE"), "nothing else deleted");
            assertTrue(api.requests.stream().noneMatch(r -> r.path().contains("CA1")), "the call SID is never the REST id");
        }
    }

    @Test
    void twilioHangupAskedTwicePostsCompletedOnce() throws Exception {
        api.expectedAuthorization = basic("AC1", "tw-secret");
        api.expectedCallId = "CA1";
        try (var call = a.call("twilio/" + a.agent, CONNECTED, TWILIO_START)) {
            nextPodText(call.conn());
            call.conn().sendText("{\"type\":\"hangup\"}");
            call.conn().sendText("{\"type\":\"hangup\"}");
            assertEquals(1000, call.client().awaitClose(WAIT).code());
            awaitReleased(call.sessionId());
            var posts = api.matching("POST", "/2010-04-01/Accounts/AC1/Calls/CA1.json");
            assertEquals(1, posts.size(), "one hangup: " + api.requests);
            assertTrue(posts.get(0).accepted());
            assertEquals("Status=completed", posts.get(0).body());
        }
    }

    @Test
    void cloudonixTransferAskedTwiceMovesTheSessionOnce() throws Exception {
        api.expectedAuthorization = "Bearer XI-token";
        try (var call = a.call("cloudonix/" + a.agent, CONNECTED, cloudonixStart("acme"))) {
            nextPodText(call.conn());
            call.conn().sendText("{\"type\":\"transfer\",\"to\":\"+15551239999\",\"reason\":\"escalation\"}");
            call.conn().sendText("{\"type\":\"transfer\",\"to\":\"+15551239999\",\"reason\":\"escalation\"}");
            Await.until(WAIT, () -> api.count("POST") >= 2, "dial and move requests");
            // the call goes on after a transfer request: audio still reaches the pod
            send(call.client(), media(2));
            nextPodAudio(call.conn());
            send(call.client(), "{\"event\":\"stop\",\"sequenceNumber\":\"3\",\"streamSid\":\"MZ1\"}");
            assertEquals(1000, call.client().awaitClose(WAIT).code());
            awaitReleased(call.sessionId());
            var dial = api.matching("POST", "/calls/acme.cloudonix.net/application");
            var move = api.matching("POST", "/calls/acme.cloudonix.net/sessions/S1/application");
            assertEquals(1, dial.size(), "one dial leg: " + api.requests);
            assertEquals(1, move.size(), "one move of the caller's session: " + api.requests);
            assertEquals(2, api.count("POST"));
            assertTrue(dial.get(0).accepted() && move.get(0).accepted(), "bearer token checked");
            assertTrue(dial.get(0).body().contains("+15551239999"), dial.get(0).body());
        }
    }

    @Test
    void podDtmfReachesTelnyxAsSendDtmf() throws Exception {
        api.expectedAuthorization = "Bearer KEY-tx";
        api.expectedCallId = "v3:abc";
        try (var call = a.call("telnyx/" + a.agent + "?identifier=conn-1",
                "{\"event\":\"connected\",\"version\":\"1.0.0\"}", TELNYX_START)) {
            nextPodText(call.conn());
            call.conn().sendText("{\"type\":\"dtmf\",\"digit\":\"7\",\"duration_ms\":250}");
            Await.until(WAIT, () -> api.count("POST", "/actions/send_dtmf") == 1, "send_dtmf");
            var sent = api.matching("POST", "/v2/calls/v3:abc/actions/send_dtmf").get(0);
            assertTrue(sent.accepted());
            assertEquals("{\"digits\":\"7\",\"duration_millis\":250}", sent.body());
            call.client().ws.sendClose(1000, "done").join();
            awaitReleased(call.sessionId());
        }
    }

    @Test
    void podDtmfReachesPlivoAsDigits() throws Exception {
        api.expectedAuthorization = basic("MA1", "pl-secret");
        api.expectedCallId = "C1";
        try (var call = a.call("plivo/" + a.agent, PLIVO_START)) {
            nextPodText(call.conn());
            call.conn().sendText("{\"type\":\"dtmf\",\"digit\":\"#\"}");
            Await.until(WAIT, () -> api.count("POST", "/DTMF/") == 1, "DTMF request");
            var sent = api.matching("POST", "/v1/Account/MA1/Call/C1/DTMF/").get(0);
            assertTrue(sent.accepted());
            assertEquals("{\"digits\":\"#\"}", sent.body());
            call.client().ws.sendClose(1000, "done").join();
            awaitReleased(call.sessionId());
        }
    }

    @Test
    void podDtmfWithoutAProviderApiIsDroppedAndCountedAndTheCallGoesOn() throws Exception {
        api.expectedAuthorization = basic("AC1", "tw-secret");
        double before = a.dropped("twilio", "pod");
        try (var call = a.call("twilio/" + a.agent, CONNECTED, TWILIO_START)) {
            nextPodText(call.conn());
            call.conn().sendText("{\"type\":\"dtmf\",\"digit\":\"1\"}");
            Await.until(WAIT, () -> a.dropped("twilio", "pod") == before + 1, "the dropped DTMF counted");
            send(call.client(), media(2));
            nextPodAudio(call.conn());
            assertFalse(call.client().closed.isDone(), "the call goes on");
            assertEquals(1, api.requests.size(), "only the validation reached the provider: " + api.requests);
        }
    }
}
