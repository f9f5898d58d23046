package io.mgw.gateway.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The raw frame layer against frames made by Netty's own encoder (masked as a client sends them, unmasked as a
 * server does): boundaries, bytes kept exactly, control frames unmasked, and every rule it enforces.
 */
class RawFrameDecoderTest {

    private static final int LIMIT = 65536;

    /** Wire bytes of {@code frames} as a client (masked) or a server (unmasked) sends them. */
    private static ByteBuf wire(boolean masked, WebSocketFrame... frames) {
        EmbeddedChannel encoder = new EmbeddedChannel(new WebSocket13FrameEncoder(masked));
        for (WebSocketFrame f : frames) {
            encoder.writeOutbound(f);
        }
        ByteBuf all = Unpooled.buffer();
        ByteBuf part;
        while ((part = encoder.readOutbound()) != null) {
            all.writeBytes(part);
            part.release();
        }
        encoder.finish();
        return all;
    }

    private static List<Object> decode(boolean expectMasked, ByteBuf input, int chunk) {
        EmbeddedChannel channel = new EmbeddedChannel(new RawFrameDecoder(LIMIT, expectMasked));
        while (input.isReadable()) {
            channel.writeInbound(input.readRetainedSlice(Math.min(chunk, input.readableBytes())));
        }
        input.release();
        List<Object> out = new ArrayList<>();
        Object o;
        while ((o = channel.readInbound()) != null) {
            out.add(o);
        }
        assertFalse(channel.finish(), "nothing left over");
        return out;
    }

    @Test
    void serverFramesComeOutWithTheirExactBytesWhateverTheReadBoundaries() {
        byte[] audio = new byte[640];
        new Random(7).nextBytes(audio);
        ByteBuf original = wire(false, new TextWebSocketFrame("{\"type\":\"transcript\",\"seq\":17}"),
                new BinaryWebSocketFrame(Unpooled.wrappedBuffer(audio)),
                new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[70_000 - 69_800])));
        byte[] expected = ByteBufUtil.getBytes(original);
        for (int chunk : new int[] {1, 3, 100, expected.length}) {
            List<Object> frames = decode(false, Unpooled.wrappedBuffer(expected), chunk);
            assertEquals(3, frames.size(), "chunk " + chunk);
            ByteBuf joined = Unpooled.buffer();
            for (Object f : frames) {
                joined.writeBytes(((RawFrame) f).content().duplicate());
            }
            assertArrayEquals(expected, ByteBufUtil.getBytes(joined), "forwarding the frames reproduces the stream");
            RawFrame text = (RawFrame) frames.get(0);
            assertTrue(text.isWholeText());
            assertEquals("{\"type\":\"transcript\",\"seq\":17}", text.payload().toString(StandardCharsets.UTF_8));
            RawFrame binary = (RawFrame) frames.get(1);
            assertTrue(binary.isBinary());
            assertArrayEquals(audio, ByteBufUtil.getBytes(binary.payload()));
            frames.forEach(f -> ((RawFrame) f).release());
            joined.release();
        }
        original.release();
    }

    @Test
    void clientFramesKeepTheirMaskAndControlFramesArriveUnmasked() {
        ByteBuf original = wire(true, new TextWebSocketFrame("hello"), new PingWebSocketFrame(Unpooled.copiedBuffer("p1", StandardCharsets.UTF_8)),
                new CloseWebSocketFrame(4409, "bye"));
        byte[] firstFrame = ByteBufUtil.getBytes(original, 0, 2 + 4 + 5);
        List<Object> frames = decode(true, original, 2);
        RawFrame text = assertInstanceOf(RawFrame.class, frames.get(0));
        assertTrue(text.isMasked());
        assertArrayEquals(firstFrame, ByteBufUtil.getBytes(text.content()), "header, mask and masked payload untouched");
        assertThrows(IllegalStateException.class, text::payload);
        PingWebSocketFrame ping = assertInstanceOf(PingWebSocketFrame.class, frames.get(1));
        assertEquals("p1", ping.content().toString(StandardCharsets.UTF_8));
        CloseWebSocketFrame close = assertInstanceOf(CloseWebSocketFrame.class, frames.get(2));
        assertEquals(4409, close.statusCode());
        assertEquals("bye", close.reasonText());
        frames.forEach(f -> ((io.netty.util.ReferenceCounted) f).release());
    }

    @Test
    void fragmentsPassInOrder() {
        ByteBuf original = wire(false, new BinaryWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[] {1, 2})),
                new ContinuationWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[] {3})),
                new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[] {4})),
                new TextWebSocketFrame("after"));
        List<Object> frames = decode(false, original, 1000);
        assertEquals(4, frames.size());
        assertTrue(((RawFrame) frames.get(0)).isFragment());
        assertTrue(((RawFrame) frames.get(2)).isFragment());
        assertTrue(((RawFrame) frames.get(3)).isWholeText());
        frames.forEach(f -> ((RawFrame) f).release());
    }

    @Test
    void aFrameOverTheLimitFailsWith1009BeforeItsPayloadArrives() {
        EmbeddedChannel channel = new EmbeddedChannel(new RawFrameDecoder(1000, true));
        // Header of a masked binary frame announcing 70,000 bytes; no payload follows.
        ByteBuf header = Unpooled.buffer().writeByte(0x82).writeByte(0x80 | 127).writeLong(70_000).writeInt(0x01020304);
        var e = assertThrows(CorruptedWebSocketFrameException.class, () -> channel.writeInbound(header));
        assertEquals(WebSocketCloseStatus.MESSAGE_TOO_BIG, e.closeStatus());
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[500]));
        assertNull(channel.readInbound(), "everything after the violation is discarded");
        assertFalse(channel.finish());
    }

    @Test
    void protocolViolationsFailWith1002() {
        List<ByteBuf> bad = List.of(
                wire(false, new TextWebSocketFrame("unmasked from a client")),
                Unpooled.buffer().writeByte(0x80 | 0x40 | 0x1).writeByte(0x80).writeInt(0), // RSV1 (deflate) without an extension
                Unpooled.buffer().writeByte(0x80 | 0x3).writeByte(0x80).writeInt(0),        // reserved opcode 3
                Unpooled.buffer().writeByte(0x80).writeByte(0x80).writeInt(0),              // continuation with nothing to continue
                Unpooled.buffer().writeByte(0x09).writeByte(0x80).writeInt(0),              // fragmented ping
                Unpooled.buffer().writeByte(0x89).writeByte(0x80 | 126).writeShort(200).writeInt(0)); // ping over 125 bytes
        for (ByteBuf input : bad) {
            EmbeddedChannel channel = new EmbeddedChannel(new RawFrameDecoder(LIMIT, true));
            var e = assertThrows(CorruptedWebSocketFrameException.class, () -> channel.writeInbound(input));
            assertEquals(WebSocketCloseStatus.PROTOCOL_ERROR, e.closeStatus(), e.getMessage());
            assertFalse(channel.finish());
        }
        EmbeddedChannel fromPod = new EmbeddedChannel(new RawFrameDecoder(LIMIT, false));
        var e = assertThrows(CorruptedWebSocketFrameException.class,
                () -> fromPod.writeInbound(wire(true, new TextWebSocketFrame("masked from a server"))));
        assertEquals(WebSocketCloseStatus.PROTOCOL_ERROR, e.closeStatus());
        fromPod.finish();
    }
}
