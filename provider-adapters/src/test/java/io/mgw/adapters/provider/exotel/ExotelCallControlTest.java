package io.mgw.adapters.provider.exotel;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgw.adapters.audio.AudioFormat;
import io.mgw.adapters.provider.CallControlResult;
import io.mgw.adapters.provider.CallInfo;
import io.mgw.adapters.provider.FakeProviderApi;
import io.mgw.adapters.provider.ProviderCredentials;
import io.mgw.adapters.provider.ProviderHttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExotelCallControlTest {

    @Test
    void validatesByCallSidAndHasNoRestHangup() throws Exception {
        CallInfo call = new CallInfo(ExotelCodec.ID, "MZ1", "CA1", "AC1", null, null, null, AudioFormat.pcm16(8000),
                null, null);
        String basic = "Basic " + Base64.getEncoder().encodeToString("key:tok".getBytes(StandardCharsets.UTF_8));
        try (FakeProviderApi api = new FakeProviderApi(basic)) {
            api.on("GET /v1/Accounts/AC1/Calls/CA1.json", 200, "{}");
            ExotelCallControl control = new ExotelCallControl(ProviderHttpClient.createDefault());
            ProviderCredentials credentials = new ProviderCredentials(api.baseUrl(), null, "key", "tok");
            assertTrue(control.validateCall(call, credentials).get(10, TimeUnit.SECONDS).isOk());
            assertInstanceOf(CallControlResult.Unsupported.class, control.hangup(call, credentials).get(10, TimeUnit.SECONDS));
        }
    }
}
