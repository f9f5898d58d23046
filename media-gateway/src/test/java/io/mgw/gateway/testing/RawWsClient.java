package io.mgw.gateway.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A bare-socket WebSocket client for what the JDK client cannot do: never answer pings, never read. Sends the
 * upgrade by hand and parses server frames (unmasked) one at a time.
 */
public final class RawWsClient implements AutoCloseable {

    public final Socket socket;
    private final DataInputStream in;

    public RawWsClient(URI uri, int receiveBufferBytes) throws IOException {
        socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
        socket.setSoTimeout(10_000);
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        in = new DataInputStream(socket.getInputStream());
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("no upgrade: " + head.toString().lines().findFirst().orElse(""));
        }
    }

    /** The next server frame: opcode and payload. */
    public Frame next() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7f;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = in.readLong();
        }
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        return new Frame(b0 & 0x0f, payload);
    }

    /** Sends one final frame of {@code opcode} (payload under 64 KiB), masked as RFC 6455 requires or not. */
    public void send(int opcode, byte[] payload, boolean masked) throws IOException {
        java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream(payload.length + 8);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write((masked ? 0x80 : 0) | payload.length);
        } else {
            frame.write((masked ? 0x80 : 0) | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xff);
        }
        byte[] mask = {7, 1, 8, 3};
        if (masked) {
            frame.write(mask, 0, mask.length);
        }
        for (int i = 0; i < payload.length; i++) {
            frame.write(masked ? payload[i] ^ mask[i & 3] : payload[i]);
        }
        OutputStream out = socket.getOutputStream();
        out.write(frame.toByteArray()); // one write: a frame split over many segments is not what a client sends
        out.flush();
    }

    /** Reads frames until a close frame and returns its status code. */
    public int awaitCloseCode() throws IOException {
        while (true) {
            Frame f = next();
            if (f.opcode == 0x8) {
                return f.payload.length >= 2 ? ((f.payload[0] & 0xff) << 8) | (f.payload[1] & 0xff) : -1;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    public record Frame(int opcode, byte[] payload) {
    }
}
