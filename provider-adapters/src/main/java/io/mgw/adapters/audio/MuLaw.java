package io.mgw.adapters.audio;

/**
 * ITU-T G.711 mu-law, between 8-bit codes and signed 16-bit linear samples.
 *
 * <p>Both directions are table lookups (256 entries to decode, 16 Ki to encode), filled at class
 * load from the G.711 segment rules as the ITU reference code (G.191 STL) states them: the 14-bit
 * magnitude plus bias 33, eight segments, and every bit inverted on the line. Decoding gives the
 * midpoint of the code's interval, scaled from 14 to 16 bits; so 0xFF and 0x7F decode to 0, 0x00 to
 * -32124 and 0x80 to +32124.
 */
public final class MuLaw {

    /** The code for silence (positive zero). */
    public static final byte SILENCE = (byte) 0xFF;

    private static final short[] DECODE = new short[256];
    /**
     * Codes by the sample's top 14 bits (the rest never changes the code): 16 KiB, which stays in the L1
     * cache where a table of every 16-bit sample (64 KiB) did not.
     */
    private static final byte[] ENCODE = new byte[1 << 14];

    static {
        for (int code = 0; code < 256; code++) {
            DECODE[code] = expand(code);
        }
        for (int top = -(1 << 13); top < 1 << 13; top++) {
            ENCODE[top & 0x3FFF] = compress(top << 2);
        }
    }

    private MuLaw() {
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
        return ENCODE[(sample >> 2) & 0x3FFF];
    }

    /** G.711 mu-law compression of a 16-bit sample (uses the top 14 bits, one's complement for negatives). */
    private static byte compress(int sample) {
        int magnitude = sample < 0 ? ((~sample) >> 2) + 33 : (sample >> 2) + 33;
        if (magnitude > 0x1FFF) {
            magnitude = 0x1FFF;
        }
        int segment = 1;
        for (int i = magnitude >> 6; i != 0; i >>= 1) {
            segment++;
        }
        int highNibble = 0x8 - segment;
        int lowNibble = 0xF - ((magnitude >> segment) & 0xF);
        int code = (highNibble << 4) | lowNibble;
        if (sample >= 0) {
            code |= 0x80;
        }
        return (byte) code;
    }

    /** G.711 mu-law expansion: interval midpoint, 14-bit scale times 4. */
    private static short expand(int code) {
        int inverted = ~code & 0xFF;
        int exponent = (inverted >> 4) & 0x7;
        int mantissa = inverted & 0xF;
        int step = 4 << (exponent + 1);
        int magnitude = (0x80 << exponent) + step * mantissa + step / 2 - 4 * 33;
        return (short) (code < 0x80 ? -magnitude : magnitude);
    }
}
