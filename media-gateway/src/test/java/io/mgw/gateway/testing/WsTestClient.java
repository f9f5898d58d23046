package io.mgw.gateway.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A JDK {@link WebSocket} client that queues what it receives: text (String), binary (byte[]) and the close. */
public final class WsTestClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    public final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    public final CompletableFuture<Closed> closed = new CompletableFuture<>();
    public final WebSocket ws;

    private WsTestClient(URI uri, Map<String, String> headers) {
        var builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        this.ws = builder.buildAsync(uri, new Listener()).orTimeout(10, TimeUnit.SECONDS).join();
    }

    public static WsTestClient open(URI uri) {
        return new WsTestClient(uri, Map.of());
    }

    public static WsTestClient open(URI uri, Map<String, String> headers) {
        return new WsTestClient(uri, headers);
    }

    public Object next(Duration within) throws InterruptedException {
        Object o = received.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        if (o == null) {
            throw new AssertionError("client received nothing within " + within);
        }
        return o;
    }

    public String nextText(Duration within) throws InterruptedException {
        Object o = next(within);
        if (!(o instanceof String s)) {
            throw new AssertionError("expected a text frame, got " + o);
        }
        return s;
    }

    /** Reads text frames until {@code count} seq values are collected (others are skipped); returns them in order. */
    public List<Long> seqs(int count, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        List<Long> out = new ArrayList<>();
        while (out.size() < count) {
            long left = (end - System.nanoTime()) / 1_000_000;
            Object o = left <= 0 ? null : received.poll(left, TimeUnit.MILLISECONDS);
            if (o == null) {
                throw new AssertionError("got " + out.size() + " of " + count + " seq frames: " + tail(out));
            }
            if (o instanceof String s) {
                Matcher m = SEQ.matcher(s);
                if (m.find()) {
                    out.add(Long.parseLong(m.group(1)));
                }
            }
        }
        return out;
    }

    private static String tail(List<Long> l) {
        return l.subList(Math.max(0, l.size() - 5), l.size()).toString();
    }

    public static long seqOf(String text) {
        Matcher m = SEQ.matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    public Closed awaitClose(Duration within) {
        return closed.orTimeout(within.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    @Override
    public void close() {
        ws.abort();
    }

    public record Closed(int code, String reason) {
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            binary.writeBytes(b);
            if (last) {
                received.add(binary.toByteArray());
                binary = new java.io.ByteArrayOutputStream();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Closed(-1, String.valueOf(error)));
        }
    }
}
