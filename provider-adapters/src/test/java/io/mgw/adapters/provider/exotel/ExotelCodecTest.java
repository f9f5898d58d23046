package io.mgw.adapters.provider.exotel;

import static io.mgw.adapters.provider.CodecVectors.assertJson;
import static io.mgw.adapters.provider.CodecVectors.base64;
import static io.mgw.adapters.provider.CodecVectors.onlyText;
import static io.mgw.adapters.provider.CodecVectors.rejected;
import static io.mgw.adapters.provider.CodecVectors.single;
import static io.mgw.adapters.provider.CodecVectors.started;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.mgw.adapters.audio.AudioEncoding;
import io.mgw.adapters.frame.AudioFrame;
import io.mgw.adapters.frame.ClearFrame;
import io.mgw.adapters.frame.DtmfFrame;
import io.mgw.adapters.frame.MarkFrame;
import io.mgw.adapters.frame.ProtocolError.Kind;
import io.mgw.adapters.frame.StopFrame;
import io.mgw.adapters.provider.CallInfo;
import io.mgw.adapters.provider.CodecOptions;
import io.mgw.adapters.provider.DecodeResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Vector V28 of provider-vectors.md and the Exotel facts of providers.md section 6. */
class ExotelCodecTest {

    static final String START = "{\"event\":\"start\",\"sequence_number\":\"1\",\"stream_sid\":\"MZ1\",\"start\":{"
            + "\"stream_sid\":\"MZ1\",\"call_sid\":\"CA1\",\"account_sid\":\"AC1\",\"from\":\"+91000\",\"to\":\"+91001\","
            + "\"custom_parameters\":{\"key1\":\"value1\"},"
            + "\"media_format\":{\"encoding\":\"audio/x-raw\",\"sample_rate\":\"16000\",\"bit_rate\":\"16\"}}}";

    private static ExotelCodec startedCodec() {
        ExotelCodec codec = new ExotelCodec(CodecOptions.defaults().withQuery(Map.of("sample-rate", "16000")));
        assertInstanceOf(DecodeResult.Pending.class, codec.decodeText("{\"event\":\"connected\"}"));
        started(codec.decodeText(START));
        return codec;
    }

    @Test
    void v28RawPcmAt16kNotMulaw() {
        ExotelCodec codec = new ExotelCodec(CodecOptions.defaults().withQuery(Map.of("sample-rate", "16000")));
        codec.decodeText("{\"event\":\"connected\"}");
        CallInfo call = started(codec.decodeText(START));
        assertEquals(AudioEncoding.PCM16, call.media().encoding());
        assertEquals(16000, call.media().sampleRate());
        assertEquals("CA1", call.callId());
        assertEquals("AC1", call.accountId());
        assertEquals("value1", call.customParameters().get("key1"));
        byte[] pcm = new byte[3200];
        pcm[1] = 0x40;
        String media = "{\"event\":\"media\",\"sequence_number\":\"3\",\"stream_sid\":\"MZ1\",\"media\":{\"chunk\":\"2\","
                + "\"timestamp\":\"200\",\"payload\":\"" + base64(pcm) + "\"}}";
        assertArrayEquals(pcm, single(codec.decodeText(media), AudioFrame.class).data(), "100 ms passes through at 16 kHz");
        assertEquals(new DtmfFrame("5", 100), single(codec.decodeText("{\"event\":\"dtmf\",\"sequence_number\":\"7\","
                + "\"stream_sid\":\"MZ1\",\"dtmf\":{\"digit\":\"5\",\"duration\":\"100\"}}"), DtmfFrame.class));
        assertInstanceOf(StopFrame.class, single(codec.decodeText("{\"event\":\"stop\",\"stream_sid\":\"MZ1\"}"), StopFrame.class));
    }

    @Test
    void defaultRateIs8kWithoutMediaFormat() {
        ExotelCodec codec = new ExotelCodec(CodecOptions.defaults());
        codec.decodeText("{\"event\":\"connected\"}");
        CallInfo call = started(codec.decodeText(START.replaceAll(",\"media_format\":\\{[^}]*\\}", "")));
        assertEquals(8000, call.media().sampleRate());
        assertEquals(AudioEncoding.PCM16, call.media().encoding());
    }

    @Test
    void outboundMessagesCarryStreamSid() {
        ExotelCodec codec = startedCodec();
        byte[] pcm = new byte[640];
        pcm[0] = 1;
        assertJson("{\"event\":\"media\",\"stream_sid\":\"MZ1\",\"media\":{\"payload\":\"" + base64(pcm) + "\"}}",
                onlyText(codec.encode(new AudioFrame(pcm))));
        assertJson("{\"event\":\"mark\",\"stream_sid\":\"MZ1\",\"mark\":{\"name\":\"x\"}}", onlyText(codec.encode(new MarkFrame("x"))));
        assertJson("{\"event\":\"clear\",\"stream_sid\":\"MZ1\"}", onlyText(codec.encode(new ClearFrame())));
    }

    @Test
    void malformedInput() {
        ExotelCodec codec = new ExotelCodec(CodecOptions.defaults());
        codec.decodeText("{\"event\":\"connected\"}");
        rejected(codec.decodeText(START.replace("\"call_sid\":\"CA1\",", "")), Kind.MISSING_FIELD, "Missing stream identifiers");
        rejected(codec.decodeText(START.replace("\"16000\"", "\"fast\"")), Kind.WRONG_TYPE);
        rejected(codec.decodeText(START.replace("\"16000\"", "\"12345\"")), Kind.INVALID_VALUE, "Unsupported sample rate");
        started(codec.decodeText(START));
        rejected(codec.decodeText("{\"event\":\"media\",\"media\":{\"payload\":\"%%%%\"}}"), Kind.INVALID_BASE64);
        rejected(codec.decodeText("{\"event\":\"dtmf\",\"dtmf\":{\"digit\":\"5\",\"duration\":\"long\"}}"), Kind.WRONG_TYPE);
    }
}
