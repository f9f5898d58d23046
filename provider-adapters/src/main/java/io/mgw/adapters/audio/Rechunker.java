package io.mgw.adapters.audio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Cuts a byte stream of audio into chunks of one fixed size (a frame duration, 20 ms by default),
 * keeping the remainder for the next push. One per stream; not thread-safe.
 */
public final class Rechunker {

    /** Default frame duration in milliseconds. */
    public static final int DEFAULT_FRAME_MS = 20;

    private final int chunkBytes;
    private final byte silence;
    private final byte[] pending;
    private int pendingBytes;

    /** A rechunker for {@code chunkBytes}-byte chunks, padding with {@code silence}. */
    public Rechunker(int chunkBytes, byte silence) {
        if (chunkBytes <= 0) {
            throw new IllegalArgumentException("chunk size must be positive");
        }
        this.chunkBytes = chunkBytes;
        this.silence = silence;
        this.pending = new byte[chunkBytes];
    }

    /** A rechunker producing {@code frameMs} of audio per chunk in the given format. */
    public static Rechunker forFormat(AudioFormat format, int frameMs) {
        return new Rechunker(format.bytesPer(frameMs), format.encoding().silenceByte());
    }

    /** The chunk size in bytes. */
    public int chunkBytes() {
        return chunkBytes;
    }

    /** Bytes held back until the next chunk is complete. */
    public int pendingBytes() {
        return pendingBytes;
    }

    /** Appends audio and hands every completed chunk (a new array each) to {@code sink}. */
    public void push(byte[] data, int offset, int length, Consumer<byte[]> sink) {
        int read = offset;
        int end = offset + length;
        if (pendingBytes > 0) {
            int take = Math.min(chunkBytes - pendingBytes, end - read);
            System.arraycopy(data, read, pending, pendingBytes, take);
            pendingBytes += take;
            read += take;
            if (pendingBytes < chunkBytes) {
                return;
            }
            sink.accept(pending.clone());
            pendingBytes = 0;
        }
        while (end - read >= chunkBytes) {
            sink.accept(Arrays.copyOfRange(data, read, read + chunkBytes));
            read += chunkBytes;
        }
        int rest = end - read;
        System.arraycopy(data, read, pending, 0, rest);
        pendingBytes = rest;
    }

    /** Appends audio and returns the completed chunks. */
    public List<byte[]> push(byte[] data) {
        List<byte[]> chunks = new ArrayList<>(data.length / chunkBytes + 1);
        push(data, 0, data.length, chunks::add);
        return chunks;
    }

    /** The held-back remainder padded with silence to a full chunk, or {@code null} if none. */
    public byte[] flush() {
        if (pendingBytes == 0) {
            return null;
        }
        byte[] chunk = pending.clone();
        Arrays.fill(chunk, pendingBytes, chunkBytes, silence);
        pendingBytes = 0;
        return chunk;
    }

    /** Drops the held-back remainder (barge-in). */
    public void clear() {
        pendingBytes = 0;
    }
}
