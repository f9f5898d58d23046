package io.mgw.adapters.provider.cloudonix;

import static io.mgw.adapters.provider.CodecVectors.MULAW20;
import static io.mgw.adapters.provider.CodecVectors.frames;
import static io.mgw.adapters.provider.CodecVectors.options;
import static io.mgw.adapters.provider.CodecVectors.rejected;
import static io.mgw.adapters.provider.CodecVectors.single;
import static io.mgw.adapters.provider.CodecVectors.started;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.mgw.adapters.audio.AudioFormat;
import io.mgw.adapters.frame.AudioFrame;
import io.mgw.adapters.frame.DtmfFrame;
import io.mgw.adapters.frame.ProtocolError.Kind;
import io.mgw.adapters.frame.StartFrame;
import io.mgw.adapters.frame.StopFrame;
import io.mgw.adapters.provider.CallInfo;
import io.mgw.adapters.provider.CodecOptions;
import io.mgw.adapters.provider.DecodeResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Vectors V1, V9-V13, V19 and V20 of provider-vectors.md. */
class CloudonixCodecTest {

    static final String CONNECTED = "{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}";
    static final String START_OK = "{\"event\":\"start\",\"sequenceNumber\":\"1\",\"streamSid\":\"MZ1\",\"start\":{"
            + "\"streamSid\":\"MZ1\",\"callSid\":\"CA1\",\"session\":\"S1\",\"accountSid\":\"acme\","
            + "\"from\":\"+15551230001\",\"to\":\"+15551230002\",\"context\":\"inbound\",\"tracks\":[\"inbound\"],"
            + "\"customParameters\":{\"crm_id\":\"42\",\"caller_number\":\"spoof\"},"
            + "\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}}}";
    static final String STOP = "{\"event\":\"stop\",\"sequenceNumber\":\"52\",\"streamSid\":\"MZ1\","
            + "\"stop\":{\"accountSid\":\"acme\",\"callSid\":\"CA1\"}}";

    static String media(int n) {
        return "{\"event\":\"media\",\"sequenceNumber\":\"" + (n + 1) + "\",\"streamSid\":\"MZ1\",\"media\":{"
                + "\"track\":\"inbound\",\"chunk\":\"" + n + "\",\"timestamp\":\"" + (n - 1) * 20 + "\",\"payload\":\""
                + MULAW20 + "\"}}";
    }

    private static CloudonixCodec afterConnected(CodecOptions options) {
        CloudonixCodec codec = new CloudonixCodec(options);
        assertInstanceOf(DecodeResult.Pending.class, codec.decodeText(CONNECTED));
        return codec;
    }

    @Test
    void v1HappyPathFromConnectedToStop() {
        CloudonixCodec codec = afterConnected(CodecOptions.defaults());
        CallInfo call = started(codec.decodeText(START_OK));
        assertEquals("S1", call.callId());
        assertEquals("MZ1", call.streamId());
        assertEquals("acme.cloudonix.net", call.accountId());
        assertEquals("+15551230001", call.from());
        assertEquals("+15551230002", call.to());
        assertEquals("inbound", call.direction());
        assertEquals("CA1", call.attributes().get("call_sid"));
        assertEquals("42", call.customParameters().get("crm_id"));
        StartFrame start = call.toStartFrame("sess_1", AudioFormat.PCM16_16K, 20);
        assertEquals("+15551230001", start.call().from(), "customParameters never overwrite the caller");
        assertEquals("spoof", start.call().custom().get("caller_number"));
        int audioBytes = 0;
        for (int n = 1; n <= 50; n++) {
            audioBytes += single(codec.decodeText(media(n)), AudioFrame.class).data().length;
        }
        assertEquals(50 * 640, audioBytes, "1 s of PCM16 at 16 kHz");
        assertInstanceOf(StopFrame.class, frames(codec.decodeText(STOP)).get(0));
    }

    @Test
    void connectedMayComeWithoutProtocolAndVersion() {
        CloudonixCodec codec = new CloudonixCodec(CodecOptions.defaults());
        assertInstanceOf(DecodeResult.Pending.class, codec.decodeText("{\"event\":\"connected\"}"));
        started(codec.decodeText(START_OK));
    }

    @Test
    void v9StartWithoutConnected() {
        rejected(new CloudonixCodec(CodecOptions.defaults()).decodeText(START_OK), Kind.UNEXPECTED_MESSAGE,
                "Expected connected event");
    }

    @Test
    void v10MediaInsteadOfStart() {
        rejected(afterConnected(CodecOptions.defaults()).decodeText(
                "{\"event\":\"media\",\"media\":{\"payload\":\"" + MULAW20 + "\"}}"),
                Kind.UNEXPECTED_MESSAGE, "Expected start event");
    }

    @Test
    void v11StartWithoutObject() {
        rejected(afterConnected(CodecOptions.defaults()).decodeText("{\"event\":\"start\",\"start\":\"oops\"}"),
                Kind.WRONG_TYPE, "Missing start metadata");
    }

    @Test
    void v12MissingIdentifiers() {
        for (String key : new String[] {"\"session\":\"S1\",", "\"streamSid\":\"MZ1\",\"callSid\"",
                "\"callSid\":\"CA1\",", "\"accountSid\":\"acme\","}) {
            String without = START_OK.replace(key, key.endsWith("\"callSid\"") ? "\"callSid\"" : "");
            rejected(afterConnected(CodecOptions.defaults()).decodeText(without), Kind.MISSING_FIELD,
                    "Missing stream identifiers");
        }
    }

    @Test
    void v13EmptyDomain() {
        for (String value : new String[] {"\"\"", "null", "\"   \"", "7"}) {
            DecodeResult result = afterConnected(CodecOptions.defaults())
                    .decodeText(START_OK.replace("\"accountSid\":\"acme\"", "\"accountSid\":" + value));
            assertEquals("Missing Cloudonix domain in start message",
                    assertInstanceOf(DecodeResult.Rejected.class, result).error().reason(), value);
        }
        CallInfo fromQuery = started(afterConnected(options(16000, Map.of("Domain", "Other.Example.COM.")))
                .decodeText(START_OK.replace("\"accountSid\":\"acme\"", "\"accountSid\":\"\"")));
        assertEquals("other.example.com", fromQuery.accountId());
    }

    @Test
    void startWinsOverQueryValues() {
        CallInfo call = started(afterConnected(options(16000, Map.of("Domain", "other", "from", "+1999")))
                .decodeText(START_OK));
        assertEquals("acme.cloudonix.net", call.accountId());
        assertEquals("+15551230001", call.from());
    }

    @Test
    void v19GarbageMidCallIsDroppedAndTheCallGoesOn() {
        CloudonixCodec codec = afterConnected(CodecOptions.defaults());
        started(codec.decodeText(START_OK));
        for (int n = 1; n <= 10; n++) {
            single(codec.decodeText(media(n)), AudioFrame.class);
        }
        int invalid = 0;
        for (String garbage : new String[] {"not json", "{\"event\":\"media\"}",
                "{\"event\":\"media\",\"media\":{\"payload\":\"@@@\"}}", "{\"event\":\"bogus\"}"}) {
            if (codec.decodeText(garbage) instanceof DecodeResult.Rejected) {
                invalid++;
            }
        }
        assertEquals(4, invalid);
        for (int n = 11; n <= 50; n++) {
            single(codec.decodeText(media(n)), AudioFrame.class);
        }
        assertInstanceOf(StopFrame.class, frames(codec.decodeText(STOP)).get(0));
    }

    @Test
    void v20Dtmf() {
        CloudonixCodec codec = afterConnected(CodecOptions.defaults());
        started(codec.decodeText(START_OK));
        DtmfFrame dtmf = single(codec.decodeText("{\"event\":\"dtmf\",\"sequenceNumber\":\"21\",\"streamSid\":\"MZ1\","
                + "\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\"5\"}}"), DtmfFrame.class);
        assertEquals("5", dtmf.digit());
        assertNull(dtmf.durationMs());
        rejected(codec.decodeText("{\"event\":\"dtmf\",\"sequenceNumber\":\"22\",\"streamSid\":\"MZ1\","
                + "\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\"X\"}}"), Kind.INVALID_VALUE, "Invalid DTMF digit");
    }

    @Test
    void domainNormalisation() {
        assertEquals("acme.cloudonix.net", CloudonixCodec.normaliseDomain(" ACME "));
        assertEquals("acme.cloudonix.net", CloudonixCodec.normaliseDomain("acme.cloudonix.net."));
        assertEquals("voice.example.com", CloudonixCodec.normaliseDomain("Voice.Example.com"));
        assertNull(CloudonixCodec.normaliseDomain("  "));
    }

    @Test
    void outboundIsTwilioFraming() {
        CloudonixCodec codec = afterConnected(CodecOptions.defaults().withPodRate(8000));
        started(codec.decodeText(START_OK));
        io.mgw.adapters.provider.CodecVectors.assertJson(
                "{\"event\":\"media\",\"streamSid\":\"MZ1\",\"media\":{\"payload\":\"" + MULAW20 + "\"}}",
                io.mgw.adapters.provider.CodecVectors.onlyText(codec.encode(new AudioFrame(new byte[320]))));
        byte[] back = single(codec.decodeText(media(1)), AudioFrame.class).data();
        assertArrayEquals(new byte[320], back);
    }
}
