package io.mgw.adapters.provider.plivo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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

class PlivoCallControlTest {

    private static final CallInfo CALL = new CallInfo(PlivoCodec.ID, "P1", "C1", "MA1", null, null, null,
            AudioFormat.MULAW_8K, null, null);

    @Test
    void hangupDeletesTheCallAndValidateAsksForLiveCalls() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString("MA1:tok".getBytes(StandardCharsets.UTF_8));
        try (FakeProviderApi api = new FakeProviderApi(basic)) {
            api.on("DELETE /v1/Account/MA1/Call/C1/", 204, "");
            api.on("GET /v1/Account/MA1/Call/C1/", 200, "{}");
            PlivoCallControl control = new PlivoCallControl(ProviderHttpClient.createDefault());
            ProviderCredentials credentials = ProviderCredentials.account(api.baseUrl(), "MA1", "tok");
            assertEquals(new CallControlResult.Ok(204), control.hangup(CALL, credentials).get(10, TimeUnit.SECONDS));
            assertTrue(control.validateCall(CALL, credentials).get(10, TimeUnit.SECONDS).isOk());
            assertEquals("status=live", api.requests().get(1).query());
            assertInstanceOf(CallControlResult.Unsupported.class,
                    control.transfer(CALL, new TransferRequest("+1", null, null), credentials).get(10, TimeUnit.SECONDS));
            api.on("DELETE /v1/Account/MA1/Call/C1/", 404, "");
            assertTrue(control.hangup(CALL, credentials).get(10, TimeUnit.SECONDS).isOk());
        }
    }

    @Test
    void digitsArePostedToTheCallsDtmfResource() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString("MA1:tok".getBytes(StandardCharsets.UTF_8));
        try (FakeProviderApi api = new FakeProviderApi(basic)) {
            api.on("POST /v1/Account/MA1/Call/C1/DTMF/", 202, "{\"message\":\"digits sent\"}");
            PlivoCallControl control = new PlivoCallControl(ProviderHttpClient.createDefault());
            assertTrue(control.sendDtmf(CALL, "5", null, ProviderCredentials.account(api.baseUrl(), "MA1", "tok"))
                    .get(10, TimeUnit.SECONDS).isOk());
            assertEquals("{\"digits\":\"5\"}", api.requests().get(0).body());
        }
    }
}
