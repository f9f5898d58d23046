package io.mgw.gateway.agentstream;

import io.mgw.adapters.frame.AudioFrame;
import io.mgw.adapters.frame.Frame;
import io.mgw.adapters.frame.FrameJson;
import io.mgw.adapters.frame.ParseResult;
import io.mgw.adapters.frame.ProtocolError;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * Canonical frames on the pod leg (frames.md): audio as binary PCM16, everything else as JSON text, through
 * {@link FrameJson}, the one parser of canonical frames. ByteBuf ownership: {@link #parse} only reads (the caller
 * releases); {@link #toWire} wraps a fresh array the returned frame then owns.
 */
final class PodFrames {

    private PodFrames() {
    }

    /** The WebSocket frame that carries {@code frame} to the pod. */
    static WebSocketFrame toWire(Frame frame) {
        if (frame instanceof AudioFrame audio) {
            return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(FrameJson.toBinary(audio)));
        }
        return new TextWebSocketFrame(FrameJson.write(frame));
    }

    /** The canonical frame a pod's WebSocket frame carries, or the reason it carries none. */
    static ParseResult<Frame> parse(WebSocketFrame frame) {
        if (frame instanceof BinaryWebSocketFrame) {
            return ParseResult.ok(FrameJson.parseBinary(ByteBufUtil.getBytes(frame.content())));
        }
        if (frame instanceof TextWebSocketFrame text) {
            return FrameJson.parse(text.text());
        }
        return ParseResult.err(ProtocolError.of(ProtocolError.Kind.UNEXPECTED_MESSAGE, "Fragmented frame"));
    }
}
