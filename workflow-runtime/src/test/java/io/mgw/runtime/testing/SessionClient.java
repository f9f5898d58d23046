package io.mgw.runtime.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.mgw.adapters.contract.InternalApi;
import io.mgw.adapters.frame.FrameJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A gateway's link to a pod's session socket, on the JDK WebSocket client: sends frames, queues what arrives (text
 * as parsed JSON, binary as bytes) and records the close code. Waits have deadlines.
 */
public final class SessionClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration WAIT = Duration.ofSeconds(5);

    /** One received message: exactly one of json and binary is set; {@code receivedNanos} is its arrival time. */
    public record Message(JsonNode json, byte[] binary, long receivedNanos) {
        public boolean isJson(String type) {
            return json != null && type.equals(json.path("type").asText());
        }
    }

    private final LinkedBlockingDeque<Message> received = new LinkedBlockingDeque<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private SessionClient(URI uri, String token) {
        var builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (token != null) {
            builder.header(InternalApi.SERVICE_TOKEN_HEADER, token);
        }
        try {
            this.socket = builder.buildAsync(uri, new Listener()).get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new CompletionException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("cannot connect to " + uri, e);
        }
    }

    /** Connects as a gateway with the right token. */
    public static SessionClient connect(int port, String sessionId, String deploymentId, boolean takeover) {
        return new SessionClient(uri(port, sessionId, deploymentId, takeover), RuntimeHarness.SERVICE_TOKEN);
    }

    /** The HTTP status the handshake was refused with (fails when it was accepted). */
    public static int refusedStatus(int port, String sessionId, String deploymentId, String token) {
        try {
            new SessionClient(uri(port, sessionId, deploymentId, false), token).close();
        } catch (CompletionException | IllegalStateException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof WebSocketHandshakeException refused) {
                    return refused.getResponse().statusCode();
                }
            }
            throw e;
        }
        return fail("the handshake was accepted");
    }

    public static URI uri(int port, String sessionId, String deploymentId, boolean takeover) {
        return URI.create("ws://127.0.0.1:" + port + "/sessions/" + sessionId + "/ws?deployment=" + deploymentId
                + (takeover ? "&takeover=1" : ""));
    }

    public void sendText(String json) {
        socket.sendText(json, true).join();
    }

    public void sendBinary(byte[] data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).join();
    }

    /** The next message, whatever it is. */
    public Message next() {
        try {
            Message message = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                fail("no message within " + WAIT.toMillis() + " ms");
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    /** The next message if one arrives before {@code deadlineNanos} ({@link System#nanoTime()}), else null. */
    public Message poll(long deadlineNanos) {
        try {
            return received.poll(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    /** The next JSON message of {@code type}, skipping metrics windows; fails on anything else first. */
    public JsonNode nextJson(String type) {
        while (true) {
            Message message = next();
            if (message.isJson("metrics") && !"metrics".equals(type)) {
                continue;
            }
            if (!message.isJson(type)) {
                fail("expected a " + type + " frame, got " + describe(message));
            }
            return message.json();
        }
    }

    /** Skips messages until one matches (within the deadline). */
    public Message until(Predicate<Message> match) {
        while (true) {
            Message message = next();
            if (match.test(message)) {
                return message;
            }
        }
    }

    /** The next binary message. */
    public byte[] nextBinary() {
        Message message = next();
        if (message.binary() == null) {
            fail("expected binary audio, got " + describe(message));
        }
        return message.binary();
    }

    /** The close code the pod sent (waits). */
    public int closeCode() {
        try {
            return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return fail("the socket was not closed within " + WAIT.toMillis() + " ms");
        }
    }

    /** Drops the TCP connection without a close frame (a gateway dying). */
    public void abort() {
        socket.abort();
    }

    private static String describe(Message message) {
        return message.json() != null ? message.json().toString() : "binary " + message.binary().length + " bytes";
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private ByteBuffer binary = ByteBuffer.allocate(0);

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    received.add(new Message(FrameJson.mapper().readTree(text.toString()), null, System.nanoTime()));
                } catch (Exception e) {
                    received.add(new Message(FrameJson.mapper().createObjectNode().put("type", "unparseable"), null,
                            System.nanoTime()));
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            ByteBuffer joined = ByteBuffer.allocate(binary.remaining() + data.remaining());
            joined.put(binary).put(data).flip();
            binary = joined;
            if (last) {
                byte[] bytes = new byte[binary.remaining()];
                binary.get(bytes);
                received.add(new Message(null, bytes, System.nanoTime()));
                binary = ByteBuffer.allocate(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }

    /** Bytes equal, for assertions on echoed audio. */
    public static boolean same(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
