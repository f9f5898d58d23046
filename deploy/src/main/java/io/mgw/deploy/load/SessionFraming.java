package io.mgw.deploy.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;

/**
 * An app on the session socket (canonical frames): 640-byte binary PCM16 frames (20 ms at 16 kHz) whose first 16
 * bytes carry the send time and the frame number, so the echo gives an exact round trip; an {@code inject} now and
 * then, answered by a transcript carrying {@code seq} (checked for gaps); {@code stop} at the end.
 */
final class SessionFraming implements Framing {

    static final int FRAME_BYTES = 640;
    private static final byte[] SEQ_KEY = "\"seq\":".getBytes(StandardCharsets.US_ASCII);

    @Override
    public WebSocketFrame audio(LoadCall call, ByteBufAllocator alloc, long index, long nowNanos) {
        ByteBuf frame = alloc.buffer(FRAME_BYTES);
        frame.writeLong(nowNanos).writeLong(index).writeZero(FRAME_BYTES - 16);
        return new BinaryWebSocketFrame(frame);
    }

    @Override
    public WebSocketFrame json(LoadCall call, long index) {
        return new TextWebSocketFrame("{\"type\":\"inject\",\"text\":\"load " + index + "\",\"role\":\"user\"}");
    }

    @Override
    public void received(LoadCall call, WebSocketFrame frame, long nowNanos) {
        ByteBuf content = frame.content();
        if (frame instanceof BinaryWebSocketFrame) {
            if (content.readableBytes() >= 16) {
                call.stats.latency.record((nowNanos - content.getLong(content.readerIndex())) / 1000, nowNanos);
                call.stats.audioReceived.increment();
            }
        } else if (frame instanceof TextWebSocketFrame) {
            long seq = seqOf(content);
            if (seq >= 0) {
                if (call.lastSeq != 0 && seq != call.lastSeq + 1) {
                    call.stats.seqGaps.increment();
                }
                call.lastSeq = seq;
                call.stats.jsonReceived.increment();
            }
        }
    }

    @Override
    public WebSocketFrame stop(LoadCall call) {
        return new TextWebSocketFrame("{\"type\":\"stop\",\"reason\":\"load-done\"}");
    }

    /** The digits after the first {@code "seq":}, or -1. */
    static long seqOf(ByteBuf text) {
        int end = text.writerIndex();
        outer:
        for (int i = text.readerIndex(); i + SEQ_KEY.length < end; i++) {
            for (int k = 0; k < SEQ_KEY.length; k++) {
                if (text.getByte(i + k) != SEQ_KEY[k]) {
                    continue outer;
                }
            }
            long value = 0;
            int j = i + SEQ_KEY.length;
            int digits = 0;
            while (j < end && text.getByte(j) >= '0' && text.getByte(j) <= '9' && digits < 18) {
                value = value * 10 + (text.getByte(j++) - '0');
                digits++;
            }
            return digits == 0 ? -1 : value;
        }
        return -1;
    }
}
