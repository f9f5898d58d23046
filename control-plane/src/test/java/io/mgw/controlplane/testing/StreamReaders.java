package io.mgw.controlplane.testing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.opentest4j.AssertionFailedError;

/**
 * Incremental readers of the two run streams, as real clients read them: a streaming JSON parser over the response
 * body for the flow stream's array, a line reader for SSE. Each reads on its own thread into a queue, so a test waits
 * for the next item with a deadline instead of blocking forever on a stalled stream.
 */
public final class StreamReaders {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamReaders() {
    }

    /** Something read, with the time it arrived. */
    public record Read<T>(T value, long atNanos) {
    }

    /** The items of one JSON array as they arrive; {@link #next} answers null at the array's end. */
    public static final class JsonArray {
        private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        private static final Object END = new Object();

        public JsonArray(InputStream body) {
            Thread reader = new Thread(() -> {
                try (JsonParser parser = JSON.getFactory().createParser(body)) {
                    if (parser.nextToken() != JsonToken.START_ARRAY) {
                        queue.add(new IOException("the body does not start with ["));
                        return;
                    }
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        JsonNode item = JSON.readTree(parser);
                        queue.add(new Read<>(item, System.nanoTime()));
                    }
                    if (parser.currentToken() != JsonToken.END_ARRAY) {
                        queue.add(new IOException("unexpected token " + parser.currentToken()));
                        return;
                    }
                    if (parser.nextToken() != null) {
                        queue.add(new IOException("data after the array: " + parser.currentToken()));
                        return;
                    }
                    queue.add(END);
                } catch (IOException e) {
                    queue.add(e);
                }
            }, "json-array-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** The next item, or null when the array has ended; fails after {@code timeout}. */
        @SuppressWarnings("unchecked")
        public Read<JsonNode> next(Duration timeout) {
            Object next = poll(queue, timeout, "the next array item");
            if (next == END) {
                return null;
            }
            if (next instanceof IOException e) {
                throw new AssertionFailedError("reading the array failed: " + e.getMessage(), e);
            }
            return (Read<JsonNode>) next;
        }

        /** Every remaining item up to the end of the array. */
        public List<JsonNode> rest(Duration timeout) {
            List<JsonNode> items = new ArrayList<>();
            for (Read<JsonNode> item = next(timeout); item != null; item = next(timeout)) {
                items.add(item.value());
            }
            return items;
        }
    }

    /** One SSE block: its {@code id}, its {@code data} (null for a comment-only block), and comment lines. */
    public record SseEvent(String id, String data, List<String> comments) {
        public JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (IOException e) {
                throw new AssertionFailedError("data is not JSON: " + data, e);
            }
        }
    }

    /** The blocks of an SSE stream as they arrive; {@link #next} answers null when the server ends the stream. */
    public static final class Sse {
        private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        private static final Object END = new Object();

        public Sse(InputStream body) {
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                    String id = null;
                    StringBuilder data = null;
                    List<String> comments = new ArrayList<>();
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (line.isEmpty()) {
                            if (id != null || data != null || !comments.isEmpty()) {
                                queue.add(new Read<>(new SseEvent(id, data == null ? null : data.toString(),
                                        List.copyOf(comments)), System.nanoTime()));
                            }
                            id = null;
                            data = null;
                            comments.clear();
                        } else if (line.startsWith(":")) {
                            comments.add(line.substring(1).trim());
                        } else if (line.startsWith("id:")) {
                            id = line.substring(3).trim();
                        } else if (line.startsWith("data:")) {
                            String value = line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5);
                            data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        } else {
                            queue.add(new IOException("unexpected SSE line: " + line));
                            return;
                        }
                    }
                    queue.add(END);
                } catch (IOException e) {
                    queue.add(e);
                }
            }, "sse-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** The next block, or null when the stream has ended; fails after {@code timeout}. */
        @SuppressWarnings("unchecked")
        public Read<SseEvent> next(Duration timeout) {
            Object next = poll(queue, timeout, "the next SSE block");
            if (next == END) {
                return null;
            }
            if (next instanceof IOException e) {
                throw new AssertionFailedError("reading the stream failed: " + e.getMessage(), e);
            }
            return (Read<SseEvent>) next;
        }

        /** The next block that carries data (skipping heartbeats), or null at the end. */
        public SseEvent nextEvent(Duration timeout) {
            for (Read<SseEvent> read = next(timeout); read != null; read = next(timeout)) {
                if (read.value().data() != null) {
                    return read.value();
                }
            }
            return null;
        }

        /** Every remaining data block up to the end of the stream. */
        public List<SseEvent> rest(Duration timeout) {
            List<SseEvent> events = new ArrayList<>();
            for (SseEvent event = nextEvent(timeout); event != null; event = nextEvent(timeout)) {
                events.add(event);
            }
            return events;
        }
    }

    private static Object poll(BlockingQueue<Object> queue, Duration timeout, String what) {
        try {
            Object next = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (next == null) {
                throw new AssertionFailedError("timed out after " + timeout + " waiting for " + what);
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionFailedError("interrupted waiting for " + what);
        }
    }
}
