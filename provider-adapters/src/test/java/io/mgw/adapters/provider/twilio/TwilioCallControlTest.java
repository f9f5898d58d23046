package io.mgw.adapters.provider.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgw.adapters.audio.AudioFormat;
import io.mgw.adapters.provider.CallControlResult;
import io.mgw.adapters.provider.CallInfo;
import io.mgw.adapters.provider.FakeProviderApi;
import io.mgw.adapters.provider.ProviderCredentials;
import io.mgw.adapters.provider.ProviderHttpClient;
import io.mgw.adapters.provider.TransferRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TwilioCallControlTest {

    private static final CallInfo CALL = new CallInfo(TwilioCodec.ID, "MZ1", "CA1", "AC1", null, null, null,
            AudioFormat.MULAW_8K, null, null);
    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString("AC1:token".getBytes(StandardCharsets.UTF_8));
    private static final String CALL_PATH = "/2010-04-01/Accounts/AC1/Calls/CA1.json";

    @Test
    void hangupPostsStatusCompletedWithBasicAuth() throws Exception {
        try (FakeProviderApi api = new FakeProviderApi(BASIC)) {
            api.on("POST " + CALL_PATH, 200, "{\"status\":\"completed\"}");
            TwilioCallControl control = new TwilioCallControl(ProviderHttpClient.createDefault());
            ProviderCredentials credentials = ProviderCredentials.account(api.baseUrl(), "AC1", "token");
            assertEquals(new CallControlResult.Ok(200), control.hangup(CALL, credentials).get(10, TimeUnit.SECONDS));
            assertEquals("Status=completed", api.requests().get(0).body());
            assertEquals("application/x-www-form-urlencoded", api.requests().get(0).contentType());
        }
    }

    @Test
    void hangupOfAnEndedCallSucceeds() throws Exception {
        try (FakeProviderApi api = new FakeProviderApi(BASIC)) {
            api.on("POST " + CALL_PATH, 404, "{\"code\":20404}");
            TwilioCallControl control = new TwilioCallControl(ProviderHttpClient.createDefault());
            assertTrue(control.hangup(CALL, ProviderCredentials.account(api.baseUrl(), "AC1", "token"))
                    .get(10, TimeUnit.SECONDS).isOk());
        }
    }

    @Test
    void validateAndTransfer() throws Exception {
        try (FakeProviderApi api = new FakeProviderApi(BASIC)) {
            api.on("GET " + CALL_PATH, 200, "{}");
            api.on("POST " + CALL_PATH, 200, "{}");
            TwilioCallControl control = new TwilioCallControl(ProviderHttpClient.createDefault());
            ProviderCredentials credentials = ProviderCredentials.account(api.baseUrl(), "AC1", "token");
            assertTrue(control.validateCall(CALL, credentials).get(10, TimeUnit.SECONDS).isOk());
            assertTrue(control.transfer(CALL, new TransferRequest("+1555<&>", null, null), credentials)
                    .get(10, TimeUnit.SECONDS).isOk());
            String body = java.net.URLDecoder.decode(api.requests().get(1).body(), StandardCharsets.UTF_8);
            assertEquals("Twiml=<Response><Dial>+1555&lt;&amp;&gt;</Dial></Response>", body);
            ProviderCredentials wrong = ProviderCredentials.account(api.baseUrl(), "AC1", "nope");
            assertEquals(401, ((CallControlResult.Rejected) control.validateCall(CALL, wrong).get(10, TimeUnit.SECONDS)).status());
        }
    }
}
