package io.mgw.gateway.resume;

import io.netty.buffer.ByteBuf;

/**
 * Finds the {@code "seq":<digits>} of a downstream JSON frame by scanning bytes (DESIGN hot path: no JSON parse per
 * frame). Takes the first {@code "seq"} key not preceded by a backslash (so not inside an escaped string), followed
 * by optional whitespace, a colon, optional whitespace and 1-18 digits. Does not move the buffer's indexes.
 */
public final class SeqScanner {

    /** No {@code seq} in the frame. */
    public static final long NONE = -1;

    private SeqScanner() {
    }

    public static long seq(ByteBuf buf) {
        int start = buf.readerIndex();
        int end = buf.writerIndex();
        for (int i = start; i + 5 < end; i++) {
            if (buf.getByte(i) == '"' && buf.getByte(i + 1) == 's' && buf.getByte(i + 2) == 'e'
                    && buf.getByte(i + 3) == 'q' && buf.getByte(i + 4) == '"' && (i == start || buf.getByte(i - 1) != '\\')) {
                int j = skipSpace(buf, i + 5, end);
                if (j < end && buf.getByte(j) == ':') {
                    return digits(buf, skipSpace(buf, j + 1, end), end);
                }
            }
        }
        return NONE;
    }

    private static int skipSpace(ByteBuf buf, int i, int end) {
        while (i < end) {
            byte b = buf.getByte(i);
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                break;
            }
            i++;
        }
        return i;
    }

    private static long digits(ByteBuf buf, int i, int end) {
        long value = 0;
        int n = 0;
        while (i < end && n < 18) {
            byte b = buf.getByte(i);
            if (b < '0' || b > '9') {
                break;
            }
            value = value * 10 + (b - '0');
            i++;
            n++;
        }
        return n == 0 ? NONE : value;
    }
}
