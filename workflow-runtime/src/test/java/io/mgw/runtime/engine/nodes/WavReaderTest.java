package io.mgw.runtime.engine.nodes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgw.runtime.engine.NodeError;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** WAV parsing for {@code play}: chunk walking, stereo mix-down, and what is refused. */
class WavReaderTest {

    /** A WAV with an optional extra chunk (odd-sized, so its pad byte matters) between fmt and data. */
    static byte[] wav(int format, int rate, int channels, int bits, short[] samples, boolean extraChunk) {
        int extra = extraChunk ? 8 + 3 + 1 : 0;
        ByteBuffer out = ByteBuffer.allocate(44 + extra + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        out.put("RIFF".getBytes()).putInt(36 + extra + samples.length * 2).put("WAVE".getBytes());
        out.put("fmt ".getBytes()).putInt(16).putShort((short) format).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits);
        if (extraChunk) {
            out.put("LIST".getBytes()).putInt(3).put(new byte[] {1, 2, 3}).put((byte) 0);
        }
        out.put("data".getBytes()).putInt(samples.length * 2);
        for (short s : samples) {
            out.putShort(s);
        }
        return out.array();
    }

    @Test
    void monoSamplesComeBackAsTheyAreAfterSkippingOtherChunks() {
        PcmClip clip = WavReader.read(wav(1, 16_000, 1, 16, new short[] {1, -2, 300, -32768}, true));
        assertEquals(16_000, clip.sampleRate());
        assertArrayEquals(new short[] {1, -2, 300, -32768}, clip.samples());
    }

    @Test
    void stereoIsAveragedToMono() {
        PcmClip clip = WavReader.read(wav(1, 8_000, 2, 16, new short[] {100, 300, -50, -150}, false));
        assertArrayEquals(new short[] {200, -100}, clip.samples());
    }

    @Test
    void anythingButSixteenBitPcmAtAConvertibleRateIsRefusedNamingWhy() {
        assertRefused(wav(3, 16_000, 1, 32, new short[4], false), "format 3");
        assertRefused(wav(1, 16_000, 1, 8, new short[4], false), "8-bit");
        assertRefused(wav(1, 44_100, 1, 16, new short[4], false), "44100");
        assertRefused(wav(1, 16_000, 6, 16, new short[12], false), "6 channels");
        assertRefused("RIFF....WAVEdata\0\0\0\0".getBytes(), "before fmt");
        assertRefused("RIFF....WAVE".getBytes(), "no fmt chunk");
        assertRefused("just some text".getBytes(), "not a RIFF/WAVE");
    }

    private static void assertRefused(byte[] file, String why) {
        NodeError error = assertThrows(NodeError.class, () -> WavReader.read(file));
        assertEquals("play.unsupported_format", error.code());
        assertTrue(error.getMessage().contains(why), error.getMessage());
    }
}
