package io.mgw.gateway.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One WebSocket data frame (text, binary or continuation) exactly as it crossed the wire: {@link #content()} holds
 * the header and the payload, still masked when the peer masked it, so the frame can be forwarded by writing
 * {@code content()} to the other leg without decoding or re-encoding (DESIGN "Hot path"). Client-to-server frames
 * stay valid toward a pod because both legs carry client frames; server-to-client frames are unmasked on both legs.
 * Ownership: the holder owns {@code content()}; writing {@code content()} to a channel hands the reference over.
 */
public final class RawFrame extends DefaultByteBufHolder {

    public static final int OPCODE_CONTINUATION = 0x0;
    public static final int OPCODE_TEXT = 0x1;
    public static final int OPCODE_BINARY = 0x2;

    private final int opcode;
    private final boolean fin;
    private final boolean masked;
    private final int headerLength;
    private final int payloadLength;

    public RawFrame(ByteBuf wireBytes, int opcode, boolean fin, boolean masked, int headerLength, int payloadLength) {
        super(wireBytes);
        this.opcode = opcode;
        this.fin = fin;
        this.masked = masked;
        this.headerLength = headerLength;
        this.payloadLength = payloadLength;
    }

    public int opcode() {
        return opcode;
    }

    /** The last frame of its message (a whole message when the opcode is text or binary). */
    public boolean isFinal() {
        return fin;
    }

    public boolean isMasked() {
        return masked;
    }

    /** A complete, unfragmented text message: the only kind that may carry a {@code seq}. */
    public boolean isWholeText() {
        return fin && opcode == OPCODE_TEXT;
    }

    /** A binary frame (audio), or a fragment of a binary message. */
    public boolean isBinary() {
        return opcode == OPCODE_BINARY;
    }

    /** Part of a fragmented message (a non-final frame or a continuation). */
    public boolean isFragment() {
        return !fin || opcode == OPCODE_CONTINUATION;
    }

    public int payloadLength() {
        return payloadLength;
    }

    /**
     * The payload as a slice of {@link #content()} (no copy, no reference taken). Only meaningful when the frame is
     * not masked: server-to-client frames, the ones the gateway peeks into for {@code seq}.
     */
    public ByteBuf payload() {
        if (masked) {
            throw new IllegalStateException("a masked frame's payload is not readable in place");
        }
        return content().slice(content().readerIndex() + headerLength, payloadLength);
    }

    @Override
    public RawFrame replace(ByteBuf content) {
        return new RawFrame(content, opcode, fin, masked, headerLength, payloadLength);
    }

    @Override
    public RawFrame retain() {
        super.retain();
        return this;
    }

    @Override
    public RawFrame retainedDuplicate() {
        return replace(content().retainedDuplicate());
    }

    @Override
    public String toString() {
        return "RawFrame(opcode=" + opcode + ", fin=" + fin + ", masked=" + masked + ", payload=" + payloadLength + ")";
    }
}
