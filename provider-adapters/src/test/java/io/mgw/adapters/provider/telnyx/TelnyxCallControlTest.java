package io.mgw.adapters.provider.telnyx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgw.adapters.audio.AudioFormat;
import io.mgw.adapters.provider.CallControlResult;
import io.mgw.adapters.provider.CallInfo;
import io.mgw.adapters.provider.FakeProviderApi;
import io.mgw.adapters.provider.ProviderCredentials;
import io.mgw.adapters.provider.ProviderHttpClient;
import io.mgw.adapters.provider.TransferRequest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TelnyxCallControlTest {

    private static final CallInfo CALL = new CallInfo(TelnyxCodec.ID, "ST1", "v3:abc", null, null, null, null,
            AudioFormat.ALAW_8K, null, null);

    @Test
    void hangupTransferAndValidateByCallControlId() throws Exception {
        try (FakeProviderApi api = new FakeProviderApi("Bearer KEY1")) {
            api.on("POST /v2/calls/v3:abc/actions/hangup", 200, "{\"data\":{\"result\":\"ok\"}}");
            api.on("POST /v2/calls/v3:abc/actions/transfer", 200, "{}");
            api.on("GET /v2/calls/v3:abc", 200, "{\"data\":{\"is_alive\":true}}");
            TelnyxCallControl control = new TelnyxCallControl(ProviderHttpClient.createDefault());
            ProviderCredentials credentials = ProviderCredentials.bearer(api.baseUrl(), "KEY1");
            assertTrue(control.hangup(CALL, credentials).get(10, TimeUnit.SECONDS).isOk());
            assertTrue(control.validateCall(CALL, credentials).get(10, TimeUnit.SECONDS).isOk());
            assertTrue(control.transfer(CALL, new TransferRequest("+15550001", "+15550002", null), credentials)
                    .get(10, TimeUnit.SECONDS).isOk());
            assertEquals("{\"to\":\"+15550001\",\"from\":\"+15550002\"}", api.requests().get(2).body());
        }
    }

    @Test
    void alreadyEndedCallCountsAsHungUp() throws Exception {
        try (FakeProviderApi api = new FakeProviderApi("Bearer KEY1")) {
            api.on("POST /v2/calls/v3:abc/actions/hangup", 422, "{\"errors\":[{\"code\":\"90018\"}]}");
            TelnyxCallControl control = new TelnyxCallControl(ProviderHttpClient.createDefault());
            assertEquals(new CallControlResult.Ok(422),
                    control.hangup(CALL, ProviderCredentials.bearer(api.baseUrl(), "KEY1")).get(10, TimeUnit.SECONDS));
        }
    }
}
