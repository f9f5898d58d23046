package io.mgw.adapters.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgw.adapters.audio.AudioFormat;
import io.mgw.adapters.provider.exotel.ExotelCallControl;
import io.mgw.adapters.provider.exotel.ExotelCodec;
import io.mgw.adapters.provider.telnyx.TelnyxCallControl;
import io.mgw.adapters.provider.telnyx.TelnyxCodec;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CallHandleTest {

    private static final CallInfo CALL = new CallInfo(TelnyxCodec.ID, "ST1", "v3:abc", null, null, null, null,
            AudioFormat.ALAW_8K, null, null);

    @Test
    void hangupAndTransferReachTheProviderOnceDigitsEveryTime() throws Exception {
        try (FakeProviderApi api = new FakeProviderApi("Bearer KEY1")) {
            api.on("POST /v2/calls/v3:abc/actions/hangup", 200, "{}");
            api.on("POST /v2/calls/v3:abc/actions/transfer", 200, "{}");
            api.on("POST /v2/calls/v3:abc/actions/send_dtmf", 200, "{}");
            CallHandle handle = new CallHandle(new TelnyxCallControl(ProviderHttpClient.createDefault()), CALL,
                    ProviderCredentials.bearer(api.baseUrl(), "KEY1"));
            var first = handle.transfer(new TransferRequest("+15550001", null, null));
            assertSame(first, handle.transfer(new TransferRequest("+15550009", null, null)), "a call moves once");
            assertTrue(first.get(10, TimeUnit.SECONDS).isOk());
            assertTrue(handle.hangup().get(10, TimeUnit.SECONDS).isOk());
            assertTrue(handle.hangup().get(10, TimeUnit.SECONDS).isOk());
            assertTrue(handle.hangupRequested());
            assertTrue(handle.sendDtmf("5", null).get(10, TimeUnit.SECONDS).isOk());
            assertTrue(handle.sendDtmf("5", 250).get(10, TimeUnit.SECONDS).isOk());
            assertEquals(1, api.requests().stream().filter(r -> r.path().endsWith("/transfer")).count());
            assertEquals(1, api.requests().stream().filter(r -> r.path().endsWith("/hangup")).count());
            assertEquals(2, api.requests().stream().filter(r -> r.path().endsWith("/send_dtmf")).count());
            assertEquals("{\"to\":\"+15550001\"}", api.requests().get(0).body());
            assertEquals("{\"digits\":\"5\",\"duration_millis\":250}", api.requests().get(3).body());
        }
    }

    @Test
    void providersWithoutADigitApiSayUnsupported() throws Exception {
        CallInfo call = new CallInfo(ExotelCodec.ID, "MZ1", "CA1", "AC1", null, null, null, AudioFormat.pcm16(8_000),
                null, null);
        CallHandle handle = new CallHandle(new ExotelCallControl(ProviderHttpClient.createDefault()), call,
                ProviderCredentials.account("http://127.0.0.1:9", "AC1", "t"));
        assertInstanceOf(CallControlResult.Unsupported.class, handle.sendDtmf("1", null).get(10, TimeUnit.SECONDS));
    }
}
