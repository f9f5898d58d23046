package io.mgw.adapters.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Signed 16-bit linear PCM, little-endian: conversions between bytes and samples. */
public final class Pcm16 {
    private Pcm16() {
    }

    /** Reads {@code samples} little-endian samples from bytes. */
    public static void toSamples(byte[] src, int srcOffset, short[] dst, int dstOffset, int samples) {
        // A bulk view copy: on a little-endian CPU a plain memory copy, not two byte loads per sample.
        ByteBuffer.wrap(src, srcOffset, 2 * samples).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer()
                .get(dst, dstOffset, samples);
    }

    /** Reads {@code samples} little-endian samples from bytes as floats (the resampler's input). */
    public static void toSamples(byte[] src, int srcOffset, float[] dst, int dstOffset, int samples) {
        for (int i = 0, s = srcOffset; i < samples; i++, s += 2) {
            dst[dstOffset + i] = (short) ((src[s] & 0xFF) | (src[s + 1] << 8));
        }
    }

    /** Writes {@code samples} samples as little-endian bytes. */
    public static void toBytes(short[] src, int srcOffset, byte[] dst, int dstOffset, int samples) {
        ByteBuffer.wrap(dst, dstOffset, 2 * samples).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer()
                .put(src, srcOffset, samples);
    }

    /** Writes {@code samples} 16-bit samples held in ints as little-endian bytes. */
    public static void toBytes(int[] src, int srcOffset, byte[] dst, int dstOffset, int samples) {
        for (int i = 0, o = dstOffset; i < samples; i++, o += 2) {
            dst[o] = (byte) src[srcOffset + i];
            dst[o + 1] = (byte) (src[srcOffset + i] >> 8);
        }
    }

    /** All samples of a little-endian byte array (an odd trailing byte is ignored). */
    public static short[] toSamples(byte[] pcm) {
        short[] samples = new short[pcm.length / 2];
        toSamples(pcm, 0, samples, 0, samples.length);
        return samples;
    }

    /** Samples as a new little-endian byte array. */
    public static byte[] toBytes(short[] samples) {
        byte[] pcm = new byte[samples.length * 2];
        toBytes(samples, 0, pcm, 0, samples.length);
        return pcm;
    }
}
