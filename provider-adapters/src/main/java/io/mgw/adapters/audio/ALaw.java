package io.mgw.adapters.audio;

/**
 * ITU-T G.711 A-law, between 8-bit codes and signed 16-bit linear samples.
 *
 * <p>Table lookups filled at class load from the G.711 segment rules (as in the ITU G.191 reference
 * code): a 12-bit magnitude, eight segments (the first two linear), even bits inverted on the line
 * (XOR 0x55). Decoding gives the interval midpoint scaled to 16 bits: 0xD5 is +8, 0x55 is -8, 0xAA
 * is +32256. A-law has no zero code, so every one of the 256 codes round-trips exactly.
 */
public final class ALaw {

    /** The code for silence (the smallest positive value, +8). */
    public static final byte SILENCE = (byte) 0xD5;

    private static final short[] DECODE = new short[256];
    /**
     * Codes by the sample's top 12 bits (the rest never changes the code): 4 KiB, which stays in the L1
     * cache where a table of every 16-bit sample (64 KiB) did not.
     */
    private static final byte[] ENCODE = new byte[1 << 12];

    static {
        for (int code = 0; code < 256; code++) {
            DECODE[code] = expand(code);
        }
        for (int top = -(1 << 11); top < 1 << 11; top++) {
            ENCODE[top & 0xFFF] = compress(top << 4);
        }
    }

    private ALaw() {
    }

    /** Decodes one code to a 16-bit sample. */
    public static short decode(byte code) {
        return DECODE[code & 0xFF];
    }

    /** Encodes one 16-bit sample. */
    public static byte encode(short sample) {
        return code(sample);
    }

    /** Decodes {@code count} codes into samples. */
    public static void decode(byte[] src, int srcOffset, short[] dst, int dstOffset, int count) {
        for (int i = 0; i < count; i++) {
            dst[dstOffset + i] = DECODE[src[srcOffset + i] & 0xFF];
        }
    }

    /** Decodes {@code count} codes into samples as floats (the resampler's input). */
    public static void decode(byte[] src, int srcOffset, float[] dst, int dstOffset, int count) {
        for (int i = 0; i < count; i++) {
            dst[dstOffset + i] = DECODE[src[srcOffset + i] & 0xFF];
        }
    }

    /** Decodes {@code count} codes into PCM16 little-endian bytes (2 per code). */
    public static void decodeToPcm16(byte[] src, int srcOffset, byte[] dst, int dstOffset, int count) {
        for (int i = 0, o = dstOffset; i < count; i++, o += 2) {
            short s = DECODE[src[srcOffset + i] & 0xFF];
            dst[o] = (byte) s;
            dst[o + 1] = (byte) (s >> 8);
        }
    }

    /** Encodes {@code count} samples into codes. */
    public static void encode(short[] src, int srcOffset, byte[] dst, int dstOffset, int count) {
        for (int i = 0; i < count; i++) {
            dst[dstOffset + i] = code(src[srcOffset + i]);
        }
    }

    /** Encodes {@code count} 16-bit samples held in ints (the resampler's output). */
    public static void encode(int[] src, int srcOffset, byte[] dst, int dstOffset, int count) {
        for (int i = 0; i < count; i++) {
            dst[dstOffset + i] = code(src[srcOffset + i]);
        }
    }

    /** Encodes {@code count} PCM16 little-endian samples (2 bytes each) into codes. */
    public static void encodeFromPcm16(byte[] src, int srcOffset, byte[] dst, int dstOffset, int count) {
        for (int i = 0, s = srcOffset; i < count; i++, s += 2) {
            dst[dstOffset + i] = code((src[s] & 0xFF) | (src[s + 1] << 8));
        }
    }

    /** The code of a 16-bit sample, signed or as its unsigned bits. */
    private static byte code(int sample) {
        return ENCODE[(sample >> 4) & 0xFFF];
    }

    /** G.711 A-law compression of a 16-bit sample (top 12 bits of magnitude, one's complement for negatives). */
    private static byte compress(int sample) {
        int magnitude = sample < 0 ? (~sample) >> 4 : sample >> 4;
        if (magnitude > 15) {
            int exponent = 1;
            while (magnitude > 16 + 15) {
                magnitude >>= 1;
                exponent++;
            }
            magnitude -= 16;
            magnitude += exponent << 4;
        }
        if (sample >= 0) {
            magnitude |= 0x80;
        }
        return (byte) (magnitude ^ 0x55);
    }

    /** G.711 A-law expansion: interval midpoint scaled to 16 bits. */
    private static short expand(int code) {
        int value = (code ^ 0x55) & 0x7F;
        int exponent = value >> 4;
        int mantissa = value & 0xF;
        if (exponent > 0) {
            mantissa += 16;
        }
        mantissa = (mantissa << 4) + 0x8;
        if (exponent > 1) {
            mantissa <<= exponent - 1;
        }
        return (short) (code > 127 ? mantissa : -mantissa);
    }
}
