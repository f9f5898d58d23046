package io.mgw.adapters.provider.cloudonix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgw.adapters.audio.AudioFormat;
import io.mgw.adapters.provider.CallControlResult;
import io.mgw.adapters.provider.CallHandle;
import io.mgw.adapters.provider.CallInfo;
import io.mgw.adapters.provider.FakeProviderApi;
import io.mgw.adapters.provider.ProviderCredentials;
import io.mgw.adapters.provider.ProviderHttpClient;
import io.mgw.adapters.provider.TransferRequest;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CloudonixCallControlTest {

    private static final String TOKEN = "XI0123456789abcdefghijklmnopqrstuv";
    private static final String SESSION_PATH = "/customers/self/domains/acme.cloudonix.net/sessions/S1";
    private static final CallInfo CALL = new CallInfo(CloudonixCodec.ID, "MZ1", "S1", "acme.cloudonix.net",
            "+15551230001", "+15551230002", "inbound", AudioFormat.MULAW_8K, Map.of(), Map.of("call_sid", "CA1"));

    private FakeProviderApi api;
    private CloudonixCallControl control;
    private ProviderCredentials credentials;

    @BeforeEach
    void start() throws Exception {
        api = new FakeProviderApi("Bearer " + TOKEN);
        control = new CloudonixCallControl(ProviderHttpClient.createDefault());
        credentials = ProviderCredentials.bearer(api.baseUrl(), TOKEN);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private static CallControlResult await(CompletableFuture<CallControlResult> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    @Test
    void validateUsesTheSessionTokenNotTheCallSid() throws Exception {
        api.on("GET " + SESSION_PATH, 200, "{\"token\":\"S1\"}");
        assertEquals(new CallControlResult.Ok(200), await(control.validateCall(CALL, credentials)));
        assertEquals(1, api.requests().size());
        assertEquals(SESSION_PATH, api.requests().get(0).path());
        assertEquals("Bearer " + TOKEN, api.requests().get(0).authorization());
    }

    @Test
    void validateAcceptsOnly200() throws Exception {
        api.on("GET " + SESSION_PATH, 204, "");
        assertEquals(204, ((CallControlResult.Rejected) await(control.validateCall(CALL, credentials))).status());
        CallInfo unknown = new CallInfo(CloudonixCodec.ID, "MZ1", "S2", "acme.cloudonix.net", null, null, null,
                AudioFormat.MULAW_8K, null, null);
        assertEquals(404, ((CallControlResult.Rejected) await(control.validateCall(unknown, credentials))).status());
        ProviderCredentials wrong = ProviderCredentials.bearer(api.baseUrl(), "XIwrong");
        assertEquals(401, ((CallControlResult.Rejected) await(control.validateCall(CALL, wrong))).status());
    }

    @Test
    void hangupDeletesTheSessionAndTreats404AsDone() throws Exception {
        api.on("DELETE " + SESSION_PATH, 204, "");
        assertEquals(new CallControlResult.Ok(204), await(control.hangup(CALL, credentials)));
        api.on("DELETE " + SESSION_PATH, 404, "");
        assertEquals(new CallControlResult.Ok(404), await(control.hangup(CALL, credentials)));
        assertEquals("DELETE", api.requests().get(0).method());
    }

    @Test
    void hangupIsSentAtMostOncePerCall() throws Exception {
        api.on("DELETE " + SESSION_PATH, 200, "");
        CallHandle handle = new CallHandle(control, CALL, credentials);
        CompletableFuture<CallControlResult> first = handle.hangup();
        CompletableFuture<CallControlResult> second = handle.hangup();
        assertSame(first, second);
        assertTrue(await(first).isOk());
        await(handle.hangup());
        assertEquals(1, api.requests().size());
    }

    @Test
    void transferDialsIntoAConferenceThenMovesTheSession() throws Exception {
        api.on("POST /calls/acme.cloudonix.net/application", 200, "{\"token\":\"S9\"}");
        api.on("POST /calls/acme.cloudonix.net/sessions/S1/application", 202, "{}");
        assertTrue(await(control.transfer(CALL, new TransferRequest("+15551239999", null, null), credentials)).isOk());
        assertEquals(2, api.requests().size());
        String dial = api.requests().get(0).body();
        assertTrue(dial.contains("\"destination\":\"+15551239999\"") && dial.contains("\"caller-id\":\"+15551230002\""), dial);
        assertTrue(dial.contains("<Conference>mgw-transfer-S1</Conference>"), dial);
        assertTrue(api.requests().get(1).body().contains("endConferenceOnExit"));
    }

    @Test
    void missingCredentialsFailWithoutARequest() throws Exception {
        CallControlResult result = await(control.hangup(CALL, ProviderCredentials.bearer(api.baseUrl(), null)));
        assertEquals(CallControlResult.Failure.INVALID_REQUEST, ((CallControlResult.Failed) result).failure());
        assertEquals(0, api.requests().size());
    }
}
