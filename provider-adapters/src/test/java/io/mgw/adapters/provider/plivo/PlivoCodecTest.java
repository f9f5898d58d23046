package io.mgw.adapters.provider.plivo;

import static io.mgw.adapters.provider.CodecVectors.MULAW20;
import static io.mgw.adapters.provider.CodecVectors.assertJson;
import static io.mgw.adapters.provider.CodecVectors.frames;
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
import java.util.List;
import org.junit.jupiter.api.Test;

/** Vector V26 of provider-vectors.md and the Plivo facts of providers.md section 4. */
class PlivoCodecTest {

    static final String START = "{\"event\":\"start\",\"sequenceNumber\":0,\"start\":{\"callId\":\"C1\",\"streamId\":\"P1\","
            + "\"accountId\":\"MA1\",\"tracks\":[\"inbound\"],\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000}},"
            + "\"extra_headers\":\"{\\\"X-PH-crm\\\":\\\"42\\\"}\"}";

    static String media(int sequence) {
        return "{\"event\":\"media\",\"sequenceNumber\":" + sequence + ",\"streamId\":\"P1\",\"media\":{\"track\":\"inbound\","
                + "\"timestamp\":\"" + sequence * 20 + "\",\"chunk\":" + sequence + ",\"payload\":\"" + MULAW20 + "\"}}";
    }

    private static PlivoCodec startedCodec() {
        PlivoCodec codec = new PlivoCodec(CodecOptions.defaults().withPodRate(8000));
        started(codec.decodeText(START));
        return codec;
    }

    @Test
    void v26StartIsTheFirstMessage() {
        PlivoCodec codec = new PlivoCodec(CodecOptions.defaults());
        CallInfo call = started(codec.decodeText(START));
        assertEquals("C1", call.callId());
        assertEquals("P1", call.streamId());
        assertEquals("MA1", call.accountId());
        assertEquals(AudioEncoding.MULAW, call.media().encoding());
        assertEquals("42", call.customParameters().get("X-PH-crm"));
        for (int i = 1; i <= 3; i++) {
            assertEquals(640, single(codec.decodeText(media(i)), AudioFrame.class).data().length);
        }
        assertEquals("5", single(codec.decodeText("{\"event\":\"dtmf\",\"dtmf\":{\"digit\":\"5\"}}"), DtmfFrame.class).digit());
        assertInstanceOf(StopFrame.class, frames(codec.decodeText("{\"event\":\"stop\",\"streamId\":\"P1\"}")).get(0));
    }

    @Test
    void missingStreamId() {
        rejected(new PlivoCodec(CodecOptions.defaults()).decodeText(START.replace("\"streamId\":\"P1\",", "")),
                Kind.MISSING_FIELD, "Missing streamId");
        CallInfo topLevel = started(new PlivoCodec(CodecOptions.defaults()).decodeText(
                START.replace("\"streamId\":\"P1\",", "").replace("{\"event\":\"start\",", "{\"event\":\"start\",\"streamId\":\"P2\",")));
        assertEquals("P2", topLevel.streamId());
        CallInfo uuid = started(new PlivoCodec(CodecOptions.defaults()).decodeText(START.replace("\"callId\"", "\"callUUID\"")));
        assertEquals("C1", uuid.callId());
        rejected(new PlivoCodec(CodecOptions.defaults()).decodeText(media(1)), Kind.UNEXPECTED_MESSAGE, "Expected start event");
    }

    @Test
    void outboundUsesPlayAudioCheckpointAndClearAudio() {
        PlivoCodec codec = startedCodec();
        assertJson("{\"event\":\"playAudio\",\"streamId\":\"P1\",\"media\":{\"contentType\":\"audio/x-mulaw\","
                + "\"sampleRate\":8000,\"payload\":\"" + MULAW20 + "\"}}", onlyText(codec.encode(new AudioFrame(new byte[320]))));
        assertJson("{\"event\":\"checkpoint\",\"streamId\":\"P1\",\"name\":\"utt-1\"}", onlyText(codec.encode(new MarkFrame("utt-1"))));
        assertJson("{\"event\":\"clearAudio\",\"streamId\":\"P1\"}", onlyText(codec.encode(new ClearFrame())));
    }

    @Test
    void playedStreamAndClearedAudioAnswerMarksOnce() {
        PlivoCodec codec = startedCodec();
        codec.encode(new MarkFrame("a"));
        codec.encode(new MarkFrame("b"));
        codec.encode(new MarkFrame("c"));
        assertEquals(new MarkFrame("a"), single(codec.decodeText("{\"event\":\"playedStream\",\"streamId\":\"P1\",\"name\":\"a\"}"),
                MarkFrame.class));
        assertEquals(List.of(new MarkFrame("b"), new MarkFrame("c")),
                frames(codec.decodeText("{\"event\":\"clearedAudio\",\"streamId\":\"P1\"}")));
        assertEquals(List.of(), frames(codec.decodeText("{\"event\":\"playedStream\",\"streamId\":\"P1\",\"name\":\"b\"}")));
    }

    @Test
    void partialAudioIsHeldUntilEndThenPaddedAndRoundTrips() throws Exception {
        PlivoCodec codec = startedCodec();
        byte[] pcm = io.mgw.adapters.audio.Pcm16.toBytes(new short[] {0, -32124, 32124, 8, -8});
        assertEquals(List.of(), io.mgw.adapters.provider.CodecVectors.sent(codec.encode(new AudioFrame(pcm))));
        String padded = io.mgw.adapters.frame.FrameJson.mapper().readTree(
                onlyText(codec.encode(new io.mgw.adapters.frame.EndFrame(1, "done")))).at("/media/payload").textValue();
        byte[] back = single(codec.decodeText("{\"event\":\"media\",\"media\":{\"payload\":\"" + padded + "\"}}"),
                AudioFrame.class).data();
        assertEquals(320, back.length);
        assertArrayEquals(pcm, java.util.Arrays.copyOf(back, pcm.length));
    }

    @Test
    void malformedInput() {
        PlivoCodec codec = startedCodec();
        rejected(codec.decodeText("{\"event\":\"playedStream\"}"), Kind.MISSING_FIELD);
        rejected(codec.decodeText("{\"event\":\"media\",\"media\":{\"payload\":\"AA@A\"}}"),
                Kind.INVALID_BASE64);
        rejected(codec.decodeText("{\"event\":\"nope\"}"), Kind.UNKNOWN_EVENT);
        rejected(codec.decodeText("{\"event\":\"start\",\"start\":{}}"), Kind.UNEXPECTED_MESSAGE);
    }
}
