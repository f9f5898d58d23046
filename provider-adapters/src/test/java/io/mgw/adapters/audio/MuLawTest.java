package io.mgw.adapters.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MuLawTest {

    /**
     * G.711 Table 2 (mu-law) decoder output, written from the standard rather than from the
     * implementation: the line code is the bitwise inverse of (sign, 3-bit segment s, 4-bit step q),
     * sign bit set = positive; the 14-bit magnitude is ((2q + 33) << s) - 33; 16-bit = 14-bit * 4.
     */
    private static int ituDecode(int code) {
        boolean positive = (code & 0x80) != 0;
        int inverted = ~code & 0x7F;
        int segment = inverted >> 4;
        int step = inverted & 0x0F;
        int magnitude = (((2 * step + 33) << segment) - 33) * 4;
        return positive ? magnitude : -magnitude;
    }

    @Test
    void knownReferencePairs() {
        assertEquals(0, MuLaw.decode((byte) 0xFF));
        assertEquals(0, MuLaw.decode((byte) 0x7F));
        assertEquals(-32124, MuLaw.decode((byte) 0x00));
        assertEquals(32124, MuLaw.decode((byte) 0x80));
        assertEquals(8, MuLaw.decode((byte) 0xFE));
        assertEquals(-8, MuLaw.decode((byte) 0x7E));
        assertEquals((byte) 0xFF, MuLaw.encode((short) 0));
        assertEquals((byte) 0x80, MuLaw.encode(Short.MAX_VALUE));
        assertEquals((byte) 0x00, MuLaw.encode(Short.MIN_VALUE));
        assertEquals((byte) 0x00, MuLaw.encode((short) -32124));
    }

    @Test
    void allCodesMatchTheG711Table() {
        for (int code = 0; code < 256; code++) {
            assertEquals(ituDecode(code), MuLaw.decode((byte) code), "code " + code);
        }
    }

    @Test
    void allCodesRoundTripThroughLinear() {
        for (int code = 0; code < 256; code++) {
            short linear = MuLaw.decode((byte) code);
            int expected = code == 0x7F ? 0xFF : code; // negative zero re-encodes as positive zero
            assertEquals(expected, MuLaw.encode(linear) & 0xFF, "code " + code);
            assertEquals(linear, MuLaw.decode(MuLaw.encode(linear)));
        }
    }

    @Test
    void encodingPicksTheIntervalAroundTheSample() {
        int previous = Integer.MIN_VALUE;
        for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
            byte code = MuLaw.encode((short) x);
            int decoded = MuLaw.decode(code);
            assertTrue(decoded >= previous, "monotonic at " + x);
            previous = decoded;
            int segment = (~code >> 4) & 0x7;
            int halfStep = 4 << segment;
            if (Math.abs(x) <= 32124) {
                assertTrue(Math.abs(decoded - x) <= halfStep + 4, "quantisation error at " + x);
            }
        }
    }

    @Test
    void bulkConversionsAgreeWithSingleSamples() {
        byte[] codes = new byte[256];
        for (int i = 0; i < 256; i++) {
            codes[i] = (byte) i;
        }
        byte[] pcm = new byte[512];
        MuLaw.decodeToPcm16(codes, 0, pcm, 0, 256);
        short[] samples = new short[256];
        MuLaw.decode(codes, 0, samples, 0, 256);
        assertArrayEquals(samples, Pcm16.toSamples(pcm));
        byte[] again = new byte[256];
        MuLaw.encodeFromPcm16(pcm, 0, again, 0, 256);
        byte[] fromShorts = new byte[256];
        MuLaw.encode(samples, 0, fromShorts, 0, 256);
        assertArrayEquals(fromShorts, again);
    }
}
