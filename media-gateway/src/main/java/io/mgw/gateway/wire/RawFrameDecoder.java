package io.mgw.gateway.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.util.List;

/**
 * Splits a WebSocket byte stream into frames by reading only their headers (RFC 6455 section 5.2): data frames
 * come out as {@link RawFrame} slices of the received buffer (no copy, payload untouched), control frames as
 * Netty's {@link PingWebSocketFrame}, {@link PongWebSocketFrame} and {@link CloseWebSocketFrame} with the payload
 * unmasked (they are rare and the handlers act on them). Enforces what a pass-through relay must: the size limit
 * (before the payload is buffered), masking by direction, no RSV bits (no extension is ever negotiated), known
 * opcodes, whole control frames of at most 125 bytes, and fragments in order. A violation is thrown once as a
 * {@link CorruptedWebSocketFrameException} (1009 for size, 1002 otherwise) and every later byte is discarded.
 */
public final class RawFrameDecoder extends ByteToMessageDecoder {

    private static final int OPCODE_CLOSE = 0x8;
    private static final int OPCODE_PING = 0x9;
    private static final int OPCODE_PONG = 0xA;
    private static final int MAX_CONTROL_PAYLOAD = 125;

    private final int maxPayloadBytes;
    private final boolean expectMasked;
    private boolean inFragmentedMessage;
    private boolean failed;

    /**
     * @param maxPayloadBytes largest payload of one frame
     * @param expectMasked    true on a server's leg (client frames must be masked), false on a client's leg
     */
    public RawFrameDecoder(int maxPayloadBytes, boolean expectMasked) {
        this.maxPayloadBytes = maxPayloadBytes;
        this.expectMasked = expectMasked;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int start = in.readerIndex();
        int readable = in.readableBytes();
        if (readable < 2) {
            return;
        }
        int b0 = in.getUnsignedByte(start);
        int b1 = in.getUnsignedByte(start + 1);
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0F;
        boolean masked = (b1 & 0x80) != 0;
        int length7 = b1 & 0x7F;
        int header = 2;
        long payload;
        if (length7 == 126) {
            if (readable < 4) {
                return;
            }
            payload = in.getUnsignedShort(start + 2);
            header = 4;
        } else if (length7 == 127) {
            if (readable < 10) {
                return;
            }
            payload = in.getLong(start + 2);
            header = 10;
        } else {
            payload = length7;
        }
        if (masked) {
            header += 4;
        }
        check(b0, opcode, fin, masked, payload);
        if (readable < header + payload) {
            return;
        }
        int length = (int) payload;
        if (opcode >= OPCODE_CLOSE) {
            out.add(control(in, start, opcode, header, length, masked));
            in.skipBytes(header + length);
            return;
        }
        if (opcode != RawFrame.OPCODE_CONTINUATION || fin) {
            inFragmentedMessage = !fin;
        }
        // A plain slice plus a reference on the read buffer: cheaper than a recycled pooled slice per frame.
        out.add(new RawFrame(in.readSlice(header + length).retain(), opcode, fin, masked, header, length));
    }

    private void check(int b0, int opcode, boolean fin, boolean masked, long payload) {
        if ((b0 & 0x70) != 0) {
            fail(WebSocketCloseStatus.PROTOCOL_ERROR, "RSV bits set without a negotiated extension");
        }
        if (masked != expectMasked) {
            fail(WebSocketCloseStatus.PROTOCOL_ERROR, expectMasked ? "unmasked client frame" : "masked server frame");
        }
        if (payload < 0 || payload > maxPayloadBytes) {
            fail(WebSocketCloseStatus.MESSAGE_TOO_BIG, "frame payload over " + maxPayloadBytes + " bytes");
        }
        switch (opcode) {
            case OPCODE_CLOSE, OPCODE_PING, OPCODE_PONG -> {
                if (!fin || payload > MAX_CONTROL_PAYLOAD) {
                    fail(WebSocketCloseStatus.PROTOCOL_ERROR, "fragmented or oversized control frame");
                }
            }
            case RawFrame.OPCODE_CONTINUATION -> {
                if (!inFragmentedMessage) {
                    fail(WebSocketCloseStatus.PROTOCOL_ERROR, "continuation frame without a message to continue");
                }
            }
            case RawFrame.OPCODE_TEXT, RawFrame.OPCODE_BINARY -> {
                if (inFragmentedMessage) {
                    fail(WebSocketCloseStatus.PROTOCOL_ERROR, "new message inside a fragmented one");
                }
            }
            default -> fail(WebSocketCloseStatus.PROTOCOL_ERROR, "unknown opcode " + opcode);
        }
    }

    private void fail(WebSocketCloseStatus status, String message) {
        failed = true;
        throw new CorruptedWebSocketFrameException(status, message);
    }

    private static Object control(ByteBuf in, int start, int opcode, int header, int length, boolean masked) {
        ByteBuf data = in.alloc().buffer(length);
        int payloadStart = start + header;
        if (masked) {
            int maskStart = payloadStart - 4;
            for (int i = 0; i < length; i++) {
                data.writeByte(in.getByte(payloadStart + i) ^ in.getByte(maskStart + (i & 3)));
            }
        } else {
            data.writeBytes(in, payloadStart, length);
        }
        return switch (opcode) {
            case OPCODE_PING -> new PingWebSocketFrame(data);
            case OPCODE_PONG -> new PongWebSocketFrame(data);
            default -> new CloseWebSocketFrame(true, 0, data);
        };
    }
}
