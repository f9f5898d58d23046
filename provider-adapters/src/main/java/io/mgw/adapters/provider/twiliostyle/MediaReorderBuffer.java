package io.mgw.adapters.provider.twiliostyle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts media payloads back in {@code chunk} order within a small window (Telnyx does not
 * guarantee order). A chunk older than the next expected one is late and dropped; when more than
 * {@code window} chunks wait behind a gap, the gap is given up.
 */
final class MediaReorderBuffer {

    private final int window;
    private final TreeMap<Long, byte[]> held = new TreeMap<>();
    private long expected = 1;
    private long late;

    MediaReorderBuffer(int window) {
        this.window = window;
    }

    /** Accepts a payload; returns the payloads now in order (possibly none). */
    List<byte[]> accept(long chunk, byte[] payload) {
        if (chunk < expected) {
            late++;
            return List.of();
        }
        held.put(chunk, payload);
        List<byte[]> ready = new ArrayList<>(2);
        releaseConsecutive(ready);
        while (held.size() > window) {
            Map.Entry<Long, byte[]> first = held.pollFirstEntry();
            ready.add(first.getValue());
            expected = first.getKey() + 1;
            releaseConsecutive(ready);
        }
        return ready;
    }

    /** Everything still held, in order (end of stream). */
    List<byte[]> drain() {
        List<byte[]> rest = new ArrayList<>(held.values());
        if (!held.isEmpty()) {
            expected = held.lastKey() + 1;
        }
        held.clear();
        return rest;
    }

    /** Payloads dropped because they arrived after their turn. */
    long lateCount() {
        return late;
    }

    private void releaseConsecutive(List<byte[]> ready) {
        byte[] next;
        while ((next = held.remove(expected)) != null) {
            ready.add(next);
            expected++;
        }
    }
}
