package io.mgw.adapters.provider.twilio;

import static io.mgw.adapters.provider.CodecVectors.MULAW20;
import static io.mgw.adapters.provider.CodecVectors.assertJson;
import static io.mgw.adapters.provider.CodecVectors.frames;
import static io.mgw.adapters.provider.CodecVectors.onlyText;
import static io.mgw.adapters.provider.CodecVectors.options;
import static io.mgw.adapters.provider.CodecVectors.rejected;
import static io.mgw.adapters.provider.CodecVectors.sent;
import static io.mgw.adapters.provider.CodecVectors.single;
import static io.mgw.adapters.provider.CodecVectors.started;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgw.adapters.audio.AudioEncoding;
import io.mgw.adapters.audio.MuLaw;
import io.mgw.adapters.audio.Pcm16;
import io.mgw.adapters.frame.AudioFrame;
import io.mgw.adapters.frame.ClearFrame;
import io.mgw.adapters.frame.DtmfFrame;
import io.mgw.adapters.frame.EndFrame;
import io.mgw.adapters.frame.HangupFrame;
import io.mgw.adapters.frame.MarkFrame;
import io.mgw.adapters.frame.ProtocolError.Kind;
import io.mgw.adapters.frame.StopFrame;
import io.mgw.adapters.frame.TranscriptFrame;
import io.mgw.adapters.provider.CallInfo;
import io.mgw.adapters.provider.CodecOptions;
import io.mgw.adapters.provider.DecodeResult;
import io.mgw.adapters.provider.EncodeResult;
import io.mgw.adapters.provider.ProviderMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwilioCodecTest {

    static final String CONNECTED = "{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}";
    static final String START = "{\"event\":\"start\",\"sequenceNumber\":\"1\",\"streamSid\":\"MZ1\",\"start\":{"
            + "\"streamSid\":\"MZ1\",\"accountSid\":\"AC1\",\"callSid\":\"CA1\",\"tracks\":[\"inbound\"],"
            + "\"customParameters\":{\"k\":\"v\"},"
            + "\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}}}";

    static String media(int sequence, int chunk, String payload) {
        return "{\"event\":\"media\",\"sequenceNumber\":\"" + sequence + "\",\"streamSid\":\"MZ1\",\"media\":{"
                + "\"track\":\"inbound\",\"chunk\":\"" + chunk + "\",\"timestamp\":\"" + (chunk - 1) * 20
                + "\",\"payload\":\"" + payload + "\"}}";
    }

    private static TwilioCodec startedCodec(CodecOptions options) {
        TwilioCodec codec = new TwilioCodec(options);
        assertInstanceOf(DecodeResult.Pending.class, codec.decodeText(CONNECTED));
        started(codec.decodeText(START));
        return codec;
    }

    @Test
    void fullSequenceFromConnectedToStop() {
        TwilioCodec codec = new TwilioCodec(CodecOptions.defaults());
        assertInstanceOf(DecodeResult.Pending.class, codec.decodeText(CONNECTED));
        CallInfo call = started(codec.decodeText(START));
        assertEquals("twilio", call.provider().name());
        assertEquals("MZ1", call.streamId());
        assertEquals("CA1", call.callId());
        assertEquals("AC1", call.accountId());
        assertEquals(AudioEncoding.MULAW, call.media().encoding());
        assertEquals(8000, call.media().sampleRate());
        assertEquals(Map.of("k", "v"), call.customParameters());
        assertEquals("inbound", call.attributes().get("tracks"));

        for (int i = 1; i <= 3; i++) {
            AudioFrame audio = single(codec.decodeText(media(i + 1, i, MULAW20)), AudioFrame.class);
            assertArrayEquals(new byte[640], audio.data(), "20 ms of PCM16 silence at 16 kHz");
        }
        DtmfFrame dtmf = single(codec.decodeText("{\"event\":\"dtmf\",\"sequenceNumber\":\"5\",\"streamSid\":\"MZ1\","
                + "\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\"7\"}}"), DtmfFrame.class);
        assertEquals("7", dtmf.digit());

        codec.encode(new MarkFrame("utt-12"));
        assertEquals(new MarkFrame("utt-12"), single(codec.decodeText("{\"event\":\"mark\",\"sequenceNumber\":\"6\","
                + "\"streamSid\":\"MZ1\",\"mark\":{\"name\":\"utt-12\"}}"), MarkFrame.class));
        assertTrue(codec.outstandingMarks().isEmpty());

        StopFrame stop = single(codec.decodeText("{\"event\":\"stop\",\"sequenceNumber\":\"7\",\"streamSid\":\"MZ1\","
                + "\"stop\":{\"accountSid\":\"AC1\",\"callSid\":\"CA1\"}}"), StopFrame.class);
        assertNull(stop.reason());
        rejected(codec.decodeText(media(8, 4, MULAW20)), Kind.UNEXPECTED_MESSAGE, "Message after stop");
    }

    @Test
    void outboundMessagesMatchTheWireFormat() {
        TwilioCodec codec = startedCodec(CodecOptions.defaults().withPodRate(8000));
        assertJson("{\"event\":\"media\",\"streamSid\":\"MZ1\",\"media\":{\"payload\":\"" + MULAW20 + "\"}}",
                onlyText(codec.encode(new AudioFrame(new byte[320]))));
        assertJson("{\"event\":\"mark\",\"streamSid\":\"MZ1\",\"mark\":{\"name\":\"utt-12\"}}",
                onlyText(codec.encode(new MarkFrame("utt-12"))));
        assertJson("{\"event\":\"clear\",\"streamSid\":\"MZ1\"}", onlyText(codec.encode(new ClearFrame())));
        assertEquals(java.util.Set.of("utt-12"), codec.outstandingMarks());
        // Later media messages reuse the stream's part before the payload: still the same, whole message.
        for (int i = 0; i < 3; i++) {
            assertJson("{\"event\":\"media\",\"streamSid\":\"MZ1\",\"media\":{\"payload\":\"" + MULAW20 + "\"}}",
                    onlyText(codec.encode(new AudioFrame(new byte[320]))));
        }
    }

    @Test
    void podAudioIsCutIntoTwentyMillisecondFrames() {
        TwilioCodec codec = startedCodec(CodecOptions.defaults());
        // 50 ms at 16 kHz -> two full 160-byte mu-law frames, 10 ms held back.
        List<ProviderMessage> messages = sent(codec.encode(new AudioFrame(new byte[1600])));
        assertEquals(2, messages.size());
        // The mark flushes the held-back tail (padded) before the mark itself.
        List<ProviderMessage> atMark = sent(codec.encode(new MarkFrame("m1")));
        assertEquals(2, atMark.size());
        assertTrue(((ProviderMessage.Text) atMark.get(1)).text().contains("\"mark\""));
        assertEquals(List.of(), sent(codec.encode(new EndFrame(3, "completed"))));
    }

    @Test
    void canonicalToTwilioToCanonicalRoundTrip() throws Exception {
        TwilioCodec codec = startedCodec(CodecOptions.defaults().withPodRate(8000));
        short[] samples = new short[160];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = MuLaw.decode((byte) (i * 37)); // values exactly representable in mu-law
        }
        byte[] pcm = Pcm16.toBytes(samples);
        String outbound = onlyText(codec.encode(new AudioFrame(pcm)));
        String payload = io.mgw.adapters.frame.FrameJson.mapper().readTree(outbound).at("/media/payload").textValue();
        AudioFrame back = single(codec.decodeText(media(2, 1, payload)), AudioFrame.class);
        assertArrayEquals(pcm, back.data());

        String mark = onlyText(codec.encode(new MarkFrame("utt-1")));
        String echo = mark.replace("\"event\":\"mark\"", "\"event\":\"mark\",\"sequenceNumber\":\"3\"");
        assertEquals(new MarkFrame("utt-1"), single(codec.decodeText(echo), MarkFrame.class));
    }

    @Test
    void framesThatAreNotForTheStreamAreSaidSo() {
        TwilioCodec codec = startedCodec(CodecOptions.defaults());
        assertInstanceOf(EncodeResult.NotForProvider.class, codec.encode(new HangupFrame("completed")));
        assertInstanceOf(EncodeResult.NotForProvider.class,
                codec.encode(new TranscriptFrame(1, "user", "hi", true, null)));
        assertInstanceOf(EncodeResult.Unsupported.class, codec.encode(new DtmfFrame("1", null)));
        assertInstanceOf(EncodeResult.Unsupported.class,
                new TwilioCodec(CodecOptions.defaults()).encode(new AudioFrame(new byte[640])));
    }

    @Test
    void handshakeErrorsAreTyped() {
        rejected(new TwilioCodec(CodecOptions.defaults()).decodeText(START), Kind.UNEXPECTED_MESSAGE,
                "Expected connected event");
        TwilioCodec codec = new TwilioCodec(CodecOptions.defaults());
        codec.decodeText(CONNECTED);
        rejected(codec.decodeText(media(2, 1, MULAW20)), Kind.UNEXPECTED_MESSAGE, "Expected start event");
        rejected(codec.decodeText("{\"event\":\"start\",\"start\":\"oops\"}"), Kind.WRONG_TYPE, "Missing start metadata");
        rejected(codec.decodeText("{\"event\":\"start\"}"), Kind.MISSING_FIELD, "Missing start metadata");
        rejected(codec.decodeText(START.replace("\"callSid\":\"CA1\",", "")), Kind.MISSING_FIELD,
                "Missing stream identifiers");
        rejected(codec.decodeText(START.replace("\"callSid\":\"CA1\"", "\"callSid\":7")), Kind.WRONG_TYPE,
                "Missing stream identifiers");
        rejected(codec.decodeText(START.replace("audio/x-mulaw", "audio/opus")), Kind.INVALID_VALUE,
                "Unsupported media encoding");
        rejected(codec.decodeText(START.replace("\"sampleRate\":8000", "\"sampleRate\":11025")), Kind.INVALID_VALUE,
                "Unsupported sample rate");
        rejected(codec.decodeText(START.replace("\"customParameters\":{\"k\":\"v\"}", "\"customParameters\":\"x\"")),
                Kind.WRONG_TYPE);
        rejected(codec.decodeText("not json"), Kind.MALFORMED_JSON);
        started(codec.decodeText(START));
    }

    @Test
    void malformedMessagesMidCallAreTypedAndTheCallGoesOn() {
        TwilioCodec codec = startedCodec(CodecOptions.defaults());
        rejected(codec.decodeText("not json"), Kind.MALFORMED_JSON);
        rejected(codec.decodeText("{\"event\":\"media\""), Kind.MALFORMED_JSON);
        rejected(codec.decodeText("[]"), Kind.NOT_AN_OBJECT);
        rejected(codec.decodeText("{\"media\":{\"payload\":\"" + MULAW20 + "\"}}"), Kind.MISSING_FIELD);
        rejected(codec.decodeText("{\"event\":5}"), Kind.WRONG_TYPE);
        rejected(codec.decodeText("{\"event\":\"media\"}"), Kind.MISSING_FIELD);
        rejected(codec.decodeText("{\"event\":\"media\",\"media\":\"x\"}"), Kind.WRONG_TYPE);
        rejected(codec.decodeText("{\"event\":\"media\",\"media\":{\"payload\":5}}"), Kind.WRONG_TYPE);
        rejected(codec.decodeText("{\"event\":\"media\",\"media\":{\"payload\":\"@@@\"}}"), Kind.INVALID_BASE64);
        rejected(codec.decodeText("{\"event\":\"bogus\"}"), Kind.UNKNOWN_EVENT);
        rejected(codec.decodeText("{\"event\":\"start\",\"start\":{}}"), Kind.UNEXPECTED_MESSAGE);
        rejected(codec.decodeText("{\"event\":\"dtmf\",\"dtmf\":{\"digit\":\"X\"}}"), Kind.INVALID_VALUE);
        rejected(codec.decodeText("{\"event\":\"dtmf\",\"dtmf\":{}}"), Kind.MISSING_FIELD);
        rejected(codec.decodeText("{\"event\":\"mark\",\"mark\":{\"name\":7}}"), Kind.WRONG_TYPE);
        rejected(codec.decodeText(media(2, 1, "A".repeat(70_000))), Kind.OVERSIZE);
        TwilioCodec small = new TwilioCodec(new CodecOptions(io.mgw.adapters.audio.AudioFormat.PCM16_16K, 20, Map.of(),
                CodecOptions.DEFAULT_MAX_MESSAGE_BYTES, 100));
        small.decodeText(CONNECTED);
        small.decodeText(START);
        rejected(small.decodeText(media(2, 1, MULAW20)), Kind.OVERSIZE, "Media payload too large");
        rejected(codec.decodeBinary(new byte[160], 0, 160), Kind.UNEXPECTED_MESSAGE);
        assertEquals(1, frames(codec.decodeText(media(2, 1, MULAW20))).size());
    }

    @Test
    void outboundTrackAudioIsIgnored() {
        TwilioCodec codec = startedCodec(CodecOptions.defaults());
        assertEquals(List.of(), frames(codec.decodeText(media(2, 1, MULAW20).replace("\"inbound\"", "\"outbound\""))));
    }

    @Test
    void utf8BytesDecodeExactlyAsTheirText() {
        TwilioCodec fromText = new TwilioCodec(CodecOptions.defaults());
        TwilioCodec fromBytes = new TwilioCodec(CodecOptions.defaults());
        String oversize = media(9, 9, "A".repeat(CodecOptions.defaults().maxMessageBytes()));
        List<String> messages = List.of(CONNECTED, START, media(2, 1, MULAW20), media(3, 2, "!!not base64!!"),
                "{\"event\":\"media\",", "[1,2]", "", "{\"event\":\"nope\"}", "{\"event\":7}",
                "{\"event\":\"dtmf\",\"dtmf\":{\"digit\":\"x\"}}", "{\"event\":\"dtmf\",\"dtmf\":{\"digit\":\"5\"}}",
                "{\"event\":\"media\",\"streamSid\":\"caf\u00e9 \ud83d\ude00\",\"media\":{\"payload\":\"" + MULAW20 + "\"}}",
                oversize, "{\"event\":\"stop\",\"stop\":{\"reason\":\"h\u00e9\"}}");
        for (String message : messages) {
            byte[] utf8 = message.getBytes(StandardCharsets.UTF_8);
            byte[] framed = new byte[utf8.length + 7]; // the message inside a larger buffer, as a socket's would be
            System.arraycopy(utf8, 0, framed, 3, utf8.length);
            DecodeResult expected = fromText.decodeText(message);
            assertEquals(expected, fromBytes.decodeText(framed, 3, utf8.length), message);
        }
        rejected(fromBytes.decodeText(new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'}, 0, 7), Kind.MALFORMED_JSON);
    }
}
