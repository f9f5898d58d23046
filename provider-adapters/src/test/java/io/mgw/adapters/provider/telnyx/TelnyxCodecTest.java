package io.mgw.adapters.provider.telnyx;

import static io.mgw.adapters.provider.CodecVectors.assertJson;
import static io.mgw.adapters.provider.CodecVectors.base64;
import static io.mgw.adapters.provider.CodecVectors.filled;
import static io.mgw.adapters.provider.CodecVectors.frames;
import static io.mgw.adapters.provider.CodecVectors.onlyText;
import static io.mgw.adapters.provider.CodecVectors.rejected;
import static io.mgw.adapters.provider.CodecVectors.single;
import static io.mgw.adapters.provider.CodecVectors.started;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.mgw.adapters.audio.ALaw;
import io.mgw.adapters.audio.AudioEncoding;
import io.mgw.adapters.audio.MuLaw;
import io.mgw.adapters.audio.Pcm16;
import io.mgw.adapters.frame.AudioFrame;
import io.mgw.adapters.frame.ClearFrame;
import io.mgw.adapters.frame.Frame;
import io.mgw.adapters.frame.MarkFrame;
import io.mgw.adapters.frame.ProtocolError.Kind;
import io.mgw.adapters.frame.StopFrame;
import io.mgw.adapters.provider.CallInfo;
import io.mgw.adapters.provider.CodecOptions;
import io.mgw.adapters.provider.DecodeResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Vector V25 of provider-vectors.md and the Telnyx facts of providers.md section 3. */
class TelnyxCodecTest {

    static final String CONNECTED = "{\"event\":\"connected\",\"version\":\"1.0.0\"}";
    static final String START = "{\"event\":\"start\",\"sequence_number\":\"1\",\"stream_id\":\"ST1\",\"start\":{"
            + "\"call_control_id\":\"v3:abc\",\"call_session_id\":\"cs1\",\"from\":\"+15551230001\",\"to\":\"+15551230002\","
            + "\"custom_parameters\":{\"customer_id\":\"c1\"},"
            + "\"media_format\":{\"encoding\":\"PCMA\",\"sample_rate\":8000,\"channels\":1}}}";

    /** A media message whose 160 A-law bytes all hold {@code code}. */
    static String media(int sequence, int chunk, byte code) {
        return "{\"event\":\"media\",\"sequence_number\":\"" + sequence + "\",\"stream_id\":\"ST1\",\"media\":{"
                + "\"track\":\"inbound\",\"chunk\":\"" + chunk + "\",\"timestamp\":\"" + chunk * 20 + "\","
                + "\"payload\":\"" + base64(filled(160, code)) + "\"}}";
    }

    private static TelnyxCodec startedCodec() {
        TelnyxCodec codec = new TelnyxCodec(CodecOptions.defaults().withPodRate(8000));
        assertInstanceOf(DecodeResult.Pending.class, codec.decodeText(CONNECTED));
        started(codec.decodeText(START));
        return codec;
    }

    private static short firstSample(Frame frame) {
        return Pcm16.toSamples(((AudioFrame) frame).data())[0];
    }

    @Test
    void v25AlawOutOfOrderMediaIsPutBackInOrder() {
        TelnyxCodec codec = new TelnyxCodec(CodecOptions.defaults().withPodRate(8000));
        codec.decodeText(CONNECTED);
        CallInfo call = started(codec.decodeText(START));
        assertEquals("v3:abc", call.callId());
        assertEquals("ST1", call.streamId());
        assertEquals(AudioEncoding.ALAW, call.media().encoding());
        assertEquals("c1", call.customParameters().get("customer_id"));
        assertEquals("cs1", call.attributes().get("call_session_id"));

        byte one = (byte) 0xD5;
        byte two = (byte) 0xAA;
        byte three = (byte) 0x2A;
        assertEquals(List.of(), frames(codec.decodeText(media(3, 2, two))));
        List<Frame> released = frames(codec.decodeText(media(2, 1, one)));
        assertEquals(2, released.size());
        assertEquals(ALaw.decode(one), firstSample(released.get(0)));
        assertEquals(ALaw.decode(two), firstSample(released.get(1)));
        assertEquals(ALaw.decode(three), firstSample(single(codec.decodeText(media(4, 3, three)), AudioFrame.class)));
        assertEquals(List.of(), frames(codec.decodeText(media(5, 2, one))), "a late duplicate is dropped");
    }

    /** A media message as some Telnyx streams send it: ordered by its sequence number alone, no {@code media.chunk}. */
    static String mediaWithoutChunk(int sequence, byte code) {
        return "{\"event\":\"media\",\"sequence_number\":\"" + sequence + "\",\"stream_id\":\"ST1\",\"media\":{"
                + "\"track\":\"inbound\",\"timestamp\":\"0\",\"payload\":\""
                + base64(filled(160, code)) + "\"}}";
    }

    @Test
    void v25MediaWithoutChunkIsPutBackInOrderBySequenceNumber() {
        TelnyxCodec codec = startedCodec(); // start was sequence_number 1: media count from 2
        byte one = (byte) 0xD5;
        byte two = (byte) 0xAA;
        byte three = (byte) 0x2A;
        assertEquals(List.of(), frames(codec.decodeText(mediaWithoutChunk(3, two))), "3 waits for 2");
        List<Frame> released = frames(codec.decodeText(mediaWithoutChunk(2, one)));
        assertEquals(2, released.size());
        assertEquals(ALaw.decode(one), firstSample(released.get(0)));
        assertEquals(ALaw.decode(two), firstSample(released.get(1)));
        assertEquals(ALaw.decode(three), firstSample(single(codec.decodeText(mediaWithoutChunk(4, three)), AudioFrame.class)));
        assertEquals(1, frames(codec.decodeText(mediaWithoutChunk(5, one).replace("\"5\"", "\"n/a\""))).size(),
                "a sequence number that is no number orders nothing: passed on as it came");
    }

    @Test
    void aGapIsGivenUpWhenTheWindowFills() {
        TelnyxCodec codec = startedCodec();
        int released = 0;
        for (int chunk = 2; chunk <= 2 + TelnyxCodec.REORDER_WINDOW; chunk++) {
            released += frames(codec.decodeText(media(chunk + 1, chunk, (byte) 0xD5))).size();
        }
        assertEquals(TelnyxCodec.REORDER_WINDOW + 1, released);
    }

    @Test
    void stopReleasesHeldAudioFirst() {
        TelnyxCodec codec = startedCodec();
        frames(codec.decodeText(media(3, 2, (byte) 0xD5)));
        List<Frame> end = frames(codec.decodeText("{\"event\":\"stop\",\"sequence_number\":\"4\",\"stream_id\":\"ST1\"}"));
        assertEquals(2, end.size());
        assertInstanceOf(AudioFrame.class, end.get(0));
        assertInstanceOf(StopFrame.class, end.get(1));
    }

    @Test
    void missingIdentifiers() {
        for (String broken : new String[] {START.replace("\"stream_id\":\"ST1\"", "\"stream_id\":\"\""),
                START.replace("\"call_control_id\":\"v3:abc\"", "\"call_control_id\":\"\""),
                START.replace("\"call_control_id\":\"v3:abc\",", "")}) {
            TelnyxCodec codec = new TelnyxCodec(CodecOptions.defaults());
            codec.decodeText(CONNECTED);
            rejected(codec.decodeText(broken), Kind.MISSING_FIELD, "Missing stream identifiers");
        }
    }

    @Test
    void outboundUsesPcmuByDefaultWithoutStreamId() {
        TelnyxCodec codec = startedCodec();
        byte[] mulawSilence = filled(160, MuLaw.SILENCE);
        assertJson("{\"event\":\"media\",\"media\":{\"payload\":\"" + base64(mulawSilence) + "\"}}",
                onlyText(codec.encode(new AudioFrame(new byte[320]))));
        assertJson("{\"event\":\"mark\",\"mark\":{\"name\":\"m\"}}", onlyText(codec.encode(new MarkFrame("m"))));
        assertJson("{\"event\":\"clear\"}", onlyText(codec.encode(new ClearFrame())));
        assertEquals(new MarkFrame("m"), single(codec.decodeText(
                "{\"event\":\"mark\",\"sequence_number\":\"9\",\"stream_id\":\"ST1\",\"mark\":{\"name\":\"m\"}}"),
                MarkFrame.class));
    }

    @Test
    void roundTripWithAlawBothWays() throws Exception {
        TelnyxCodec codec = new TelnyxCodec(CodecOptions.defaults().withPodRate(8000)
                .withQuery(java.util.Map.of("bidirectional_codec", "PCMA")));
        codec.decodeText(CONNECTED);
        started(codec.decodeText(START));
        short[] samples = new short[160];
        for (int i = 0; i < 160; i++) {
            samples[i] = ALaw.decode((byte) (i * 5));
        }
        String out = onlyText(codec.encode(new AudioFrame(Pcm16.toBytes(samples))));
        String payload = io.mgw.adapters.frame.FrameJson.mapper().readTree(out).at("/media/payload").textValue();
        String inbound = "{\"event\":\"media\",\"stream_id\":\"ST1\",\"media\":{\"chunk\":\"1\",\"payload\":\"" + payload + "\"}}";
        assertArrayEquals(Pcm16.toBytes(samples), single(codec.decodeText(inbound), AudioFrame.class).data());
    }

    @Test
    void malformedInput() {
        TelnyxCodec codec = startedCodec();
        rejected(codec.decodeText("{\"event\":\"media\",\"media\":{\"payload\":\"@@@\"}}"), Kind.INVALID_BASE64);
        rejected(codec.decodeText("{\"event\":\"media\",\"media\":{\"chunk\":\"x\",\"payload\":\"AA==\"}}"), Kind.WRONG_TYPE);
        rejected(codec.decodeText("{\"event\":\"bogus\"}"), Kind.UNKNOWN_EVENT);
        assertEquals(List.of(), frames(codec.decodeText("{\"event\":\"error\",\"payload\":{\"code\":1}}")));
        TelnyxCodec fresh = new TelnyxCodec(CodecOptions.defaults());
        rejected(fresh.decodeText(media(2, 1, (byte) 0)), Kind.UNEXPECTED_MESSAGE, "Expected connected event");
    }
}
