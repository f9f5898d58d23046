package io.mgw.adapters.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ALawTest {

    /**
     * G.711 Table 1 (A-law) decoder output, written from the standard: the line code XOR 0x55 gives
     * (sign, 3-bit segment s, 4-bit step q), sign bit set = positive; the output magnitude in units
     * of the 13-bit scale is 2q + 1 for s = 0 and (2q + 33) << (s - 1) otherwise; 16-bit = that * 8.
     */
    private static int ituDecode(int code) {
        int bits = code ^ 0x55;
        boolean positive = (bits & 0x80) != 0;
        int segment = (bits >> 4) & 0x7;
        int step = bits & 0x0F;
        int magnitude = (segment == 0 ? 2 * step + 1 : (2 * step + 33) << (segment - 1)) * 8;
        return positive ? magnitude : -magnitude;
    }

    @Test
    void knownReferencePairs() {
        assertEquals(8, ALaw.decode((byte) 0xD5));
        assertEquals(-8, ALaw.decode((byte) 0x55));
        assertEquals(32256, ALaw.decode((byte) 0xAA));
        assertEquals(-32256, ALaw.decode((byte) 0x2A));
        assertEquals((byte) 0xD5, ALaw.encode((short) 0));
        assertEquals((byte) 0xD5, ALaw.encode((short) 8));
        assertEquals((byte) 0x55, ALaw.encode((short) -8));
        assertEquals((byte) 0xAA, ALaw.encode(Short.MAX_VALUE));
        assertEquals((byte) 0x2A, ALaw.encode(Short.MIN_VALUE));
    }

    @Test
    void allCodesMatchTheG711Table() {
        for (int code = 0; code < 256; code++) {
            assertEquals(ituDecode(code), ALaw.decode((byte) code), "code " + code);
        }
    }

    @Test
    void allCodesRoundTripThroughLinear() {
        for (int code = 0; code < 256; code++) {
            assertEquals(code, ALaw.encode(ALaw.decode((byte) code)) & 0xFF, "code " + code);
        }
    }

    @Test
    void encodingPicksTheIntervalAroundTheSample() {
        int previous = Integer.MIN_VALUE;
        for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
            byte code = ALaw.encode((short) x);
            int decoded = ALaw.decode(code);
            assertTrue(decoded >= previous, "monotonic at " + x);
            previous = decoded;
            int segment = ((code ^ 0x55) >> 4) & 0x7;
            int step = segment <= 1 ? 16 : 16 << (segment - 1);
            if (Math.abs(x) <= 32256) {
                assertTrue(Math.abs(decoded - x) <= step / 2 + 16, "quantisation error at " + x);
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
        ALaw.decodeToPcm16(codes, 0, pcm, 0, 256);
        byte[] again = new byte[256];
        ALaw.encodeFromPcm16(pcm, 0, again, 0, 256);
        assertArrayEquals(codes, again);
    }
}
