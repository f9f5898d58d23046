package io.mgw.adapters.provider.twiliostyle;

import io.mgw.adapters.frame.ProtocolError;
import java.io.OutputStream;
import java.util.Arrays;

/** A reusable, bounded byte sink that base64 payloads are decoded into (no intermediate String). */
final class PayloadBuffer extends OutputStream {

    private final int limit;
    private byte[] bytes = new byte[512];
    private int size;

    PayloadBuffer(int limit) {
        this.limit = limit;
    }

    void reset() {
        size = 0;
    }

    byte[] bytes() {
        return bytes;
    }

    int size() {
        return size;
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] src, int offset, int length) {
        ensure(length);
        System.arraycopy(src, offset, bytes, size, length);
        size += length;
    }

    private void ensure(int more) {
        int needed = size + more;
        if (needed > limit) {
            throw ProtocolError.of(ProtocolError.Kind.OVERSIZE, "Media payload too large").toException();
        }
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(limit, Math.max(needed, bytes.length * 2)));
        }
    }
}
