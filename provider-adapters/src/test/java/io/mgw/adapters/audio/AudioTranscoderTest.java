package io.mgw.adapters.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AudioTranscoderTest {

    @Test
    void mulawToPcmAtTheSameRateIsATableLookup() {
        AudioTranscoder transcoder = new AudioTranscoder(AudioFormat.MULAW_8K, AudioFormat.pcm16(8000));
        byte[] pcm = transcoder.convert(new byte[] {(byte) 0xFF, 0x00, (byte) 0x80});
        assertArrayEquals(Pcm16.toBytes(new short[] {0, -32124, 32124}), pcm);
    }

    @Test
    void mulawSilenceBecomesPcmSilenceAt16k() {
        AudioTranscoder transcoder = new AudioTranscoder(AudioFormat.MULAW_8K, AudioFormat.PCM16_16K);
        byte[] silence = new byte[160];
        java.util.Arrays.fill(silence, MuLaw.SILENCE);
        byte[] pcm = transcoder.convert(silence);
        assertEquals(640, pcm.length);
        assertArrayEquals(new byte[640], pcm);
    }

    @Test
    void alawAndMulawConvertBothWays() {
        AudioTranscoder toAlaw = new AudioTranscoder(AudioFormat.MULAW_8K, AudioFormat.ALAW_8K);
        assertArrayEquals(new byte[] {ALaw.encode((short) 0)}, toAlaw.convert(new byte[] {MuLaw.SILENCE}));
        AudioTranscoder pcmToMulaw = new AudioTranscoder(AudioFormat.pcm16(8000), AudioFormat.MULAW_8K);
        assertArrayEquals(new byte[] {(byte) 0xFF, 0x00}, pcmToMulaw.convert(Pcm16.toBytes(new short[] {0, -32124})));
    }

    @Test
    void pcm16LittleEndianByteOrder() {
        assertArrayEquals(new byte[] {0x34, 0x12, (byte) 0xFF, (byte) 0xFF}, Pcm16.toBytes(new short[] {0x1234, -1}));
        assertArrayEquals(new short[] {0x1234, -1}, Pcm16.toSamples(new byte[] {0x34, 0x12, (byte) 0xFF, (byte) 0xFF}));
    }

    @Test
    void pcm16ConversionsHonourOffsetsAndLeaveTheRestAlone() {
        byte[] bytes = {9, 9, 0x34, 0x12, (byte) 0xFF, (byte) 0x80, 9};
        short[] samples = {7, 7, 7, 7};
        Pcm16.toSamples(bytes, 2, samples, 1, 2);
        assertArrayEquals(new short[] {7, 0x1234, (short) 0x80FF, 7}, samples);

        byte[] out = {5, 5, 5, 5, 5, 5};
        Pcm16.toBytes(new short[] {1, 0x1234, -2, 3}, 1, out, 1, 2);
        assertArrayEquals(new byte[] {5, 0x34, 0x12, (byte) 0xFE, (byte) 0xFF, 5}, out);
    }
}
