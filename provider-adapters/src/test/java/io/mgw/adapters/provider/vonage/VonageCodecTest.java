package io.mgw.adapters.provider.vonage;

import static io.mgw.adapters.provider.CodecVectors.assertJson;
import static io.mgw.adapters.provider.CodecVectors.frames;
import static io.mgw.adapters.provider.CodecVectors.onlyText;
import static io.mgw.adapters.provider.CodecVectors.rejected;
import static io.mgw.adapters.provider.CodecVectors.sent;
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
import io.mgw.adapters.provider.CallInfo;
import io.mgw.adapters.provider.CodecOptions;
import io.mgw.adapters.provider.DecodeResult;
import io.mgw.adapters.provider.ProviderMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Vector V27 of provider-vectors.md and the Vonage facts of providers.md section 5. */
class VonageCodecTest {

    static final String CONNECTED = "{\"event\":\"websocket:connected\",\"content-type\":\"audio/l16;rate=16000\","
            + "\"call_uuid\":\"U1\",\"crm\":\"42\"}";

    @Test
    void v27ConnectedThenBinaryPcmAndDtmf() {
        VonageCodec codec = new VonageCodec(CodecOptions.defaults());
        CallInfo call = started(codec.decodeText(CONNECTED));
        assertEquals(AudioEncoding.PCM16, call.media().encoding());
        assertEquals(16000, call.media().sampleRate());
        assertEquals("U1", call.callId());
        assertEquals(Map.of("call_uuid", "U1", "crm", "42"), call.customParameters());
        byte[] pcm = new byte[640];
        pcm[0] = 7;
        for (int i = 0; i < 50; i++) {
            assertArrayEquals(pcm, single(codec.decodeBinary(pcm, 0, 640), AudioFrame.class).data());
        }
        DtmfFrame dtmf = single(codec.decodeText("{\"event\":\"websocket:dtmf\",\"digit\":\"3\",\"duration\":200}"), DtmfFrame.class);
        assertEquals(new DtmfFrame("3", 200), dtmf);
        assertJson("{\"action\":\"clear\"}", onlyText(codec.encode(new ClearFrame())));
    }

    @Test
    void binaryFirstStartsTheStream() {
        VonageCodec codec = new VonageCodec(CodecOptions.defaults().withQuery(Map.of("content-type", "audio/l16;rate=8000")));
        DecodeResult.Started started = assertInstanceOf(DecodeResult.Started.class, codec.decodeBinary(new byte[320], 0, 320));
        assertEquals(8000, started.call().media().sampleRate());
        assertEquals(640, ((AudioFrame) started.frames().get(0)).data().length, "8 kHz resampled to the pod's 16 kHz");
        assertEquals("", started.call().callId());
    }

    @Test
    void outboundAudioIsBinaryTwentyMillisecondFramesAndMarksAreNotify() {
        VonageCodec codec = new VonageCodec(CodecOptions.defaults());
        started(codec.decodeText(CONNECTED));
        List<ProviderMessage> audio = sent(codec.encode(new AudioFrame(new byte[1280])));
        assertEquals(2, audio.size());
        assertEquals(640, assertInstanceOf(ProviderMessage.Binary.class, audio.get(0)).data().length);
        assertJson("{\"action\":\"notify\",\"payload\":{\"name\":\"utt-1\"}}", onlyText(codec.encode(new MarkFrame("utt-1"))));
        assertEquals(new MarkFrame("utt-1"), single(codec.decodeText(
                "{\"event\":\"websocket:notify\",\"payload\":{\"name\":\"utt-1\"}}"), MarkFrame.class));
        codec.encode(new MarkFrame("utt-2"));
        assertEquals(List.of(new MarkFrame("utt-2")), frames(codec.decodeText("{\"event\":\"websocket:cleared\"}")));
    }

    @Test
    void malformedInput() {
        VonageCodec codec = new VonageCodec(CodecOptions.defaults());
        rejected(codec.decodeText("{\"event\":\"websocket:dtmf\",\"digit\":\"3\"}"), Kind.UNEXPECTED_MESSAGE);
        rejected(codec.decodeText("{\"event\":\"websocket:connected\",\"content-type\":\"audio/opus\"}"), Kind.INVALID_VALUE);
        rejected(codec.decodeText("{\"event\":\"websocket:connected\",\"content-type\":\"audio/l16;rate=11025\"}"),
                Kind.INVALID_VALUE, "Unsupported sample rate");
        started(codec.decodeText(CONNECTED));
        rejected(codec.decodeText("nope"), Kind.MALFORMED_JSON);
        rejected(codec.decodeText("{}"), Kind.MISSING_FIELD);
        rejected(codec.decodeText("{\"event\":1}"), Kind.WRONG_TYPE);
        rejected(codec.decodeText("{\"event\":\"websocket:what\"}"), Kind.UNKNOWN_EVENT);
        rejected(codec.decodeText("{\"event\":\"websocket:dtmf\",\"digit\":\"X\"}"), Kind.INVALID_VALUE);
        rejected(codec.decodeText(CONNECTED), Kind.UNEXPECTED_MESSAGE);
        rejected(codec.decodeBinary(new byte[641], 0, 641), Kind.INVALID_VALUE);
        rejected(codec.decodeBinary(new byte[64_000], 0, 64_000), Kind.OVERSIZE);
        assertEquals(1, frames(codec.decodeBinary(new byte[640], 0, 640)).size());
    }
}
