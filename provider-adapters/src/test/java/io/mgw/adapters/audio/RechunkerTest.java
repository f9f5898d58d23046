package io.mgw.adapters.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class RechunkerTest {

    @Test
    void cutsIntoTwentyMillisecondFramesByDefault() {
        Rechunker mulaw = Rechunker.forFormat(AudioFormat.MULAW_8K, Rechunker.DEFAULT_FRAME_MS);
        assertEquals(160, mulaw.chunkBytes());
        assertEquals(640, Rechunker.forFormat(AudioFormat.PCM16_16K, 20).chunkBytes());
        List<byte[]> chunks = mulaw.push(new byte[400]);
        assertEquals(2, chunks.size());
        assertEquals(80, mulaw.pendingBytes());
        assertEquals(1, mulaw.push(new byte[80]).size());
        assertEquals(0, mulaw.pendingBytes());
    }

    @Test
    void keepsByteOrderAcrossPushes() {
        Rechunker rechunker = new Rechunker(4, (byte) 0);
        assertEquals(0, rechunker.push(new byte[] {1, 2, 3}).size());
        List<byte[]> chunks = rechunker.push(new byte[] {4, 5, 6, 7, 8, 9});
        assertArrayEquals(new byte[] {1, 2, 3, 4}, chunks.get(0));
        assertArrayEquals(new byte[] {5, 6, 7, 8}, chunks.get(1));
        assertArrayEquals(new byte[] {9, 0, 0, 0}, rechunker.flush());
        assertNull(rechunker.flush());
    }

    @Test
    void flushPadsWithTheEncodingsSilence() {
        Rechunker rechunker = Rechunker.forFormat(AudioFormat.MULAW_8K, 20);
        rechunker.push(new byte[] {1});
        byte[] last = rechunker.flush();
        assertEquals(160, last.length);
        assertEquals(MuLaw.SILENCE, last[159]);
        rechunker.push(new byte[] {1});
        rechunker.clear();
        assertNull(rechunker.flush());
    }
}
