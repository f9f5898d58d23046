package io.mgw.deploy.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bin/mgw load}: N concurrent app sessions created over REST, each streaming 20 ms binary audio frames at
 * 50 per second to the echo agent and back, plus an inject every second that comes back as a transcript frame
 * carrying {@code seq}. Reports sessions connected, frames sent/received/lost, round-trip p50/p95/p99/max, close
 * codes and the CPU time of the process under test.
 */
public final class LoadTool {

    private static final int FRAME_BYTES = 640;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoadOptions options;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2);
    private final LatencyRecorder latency = new LatencyRecorder();
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong framesReceived = new AtomicLong();
    private final AtomicLong jsonReceived = new AtomicLong();
    private final AtomicLong seqGaps = new AtomicLong();
    private final AtomicLong connected = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Map<Integer, AtomicLong> closeCodes = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicReference<String> firstFailure = new java.util.concurrent.atomic.AtomicReference<>();

    LoadTool(LoadOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try {
            System.out.println(new LoadTool(options).run());
            System.exit(0);
        } catch (Exception e) {
            System.err.println("load run failed: " + e.getMessage());
            System.exit(1);
        }
    }

    String run() throws Exception {
        String workflow = options.workflowId() != null ? options.workflowId() : createEchoWorkflow();
        long cpuBefore = cpuMillis(options.pid());
        long started = System.nanoTime();
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        long rampStepNanos = options.rampUp().toNanos() / Math.max(1, options.sessions());
        for (int i = 0; i < options.sessions(); i++) {
            long delay = rampStepNanos * i;
            CompletableFuture<Void> run = new CompletableFuture<>();
            ticker.schedule(() -> runSession(workflow).whenComplete((ok, error) -> {
                if (error != null) {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, String.valueOf(error.getCause() != null ? error.getCause() : error));
                }
                run.complete(null);
            }), delay, TimeUnit.NANOSECONDS);
            runs.add(run);
        }
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new))
                .get(options.duration().toSeconds() + options.rampUp().toSeconds() + 60, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - started) / 1e9;
        long cpu = cpuMillis(options.pid()) - cpuBefore;
        ticker.shutdownNow();
        return report(elapsed, cpu);
    }

    private String createEchoWorkflow() throws Exception {
        JsonNode created = post("/api/v1/workflows", Map.of("name", "load-echo", "workflowType", "streaming",
                "nodes", List.of(Map.of("id", "echo", "nodeId", "echo"))));
        String id = created.path("workflowId").asText();
        post("/api/v1/streaming-workflows/" + id + "/deploy", Map.of());
        return id;
    }

    private CompletableFuture<Void> runSession(String workflow) {
        JsonNode session;
        try {
            session = post("/api/v1/streaming-sessions", Map.of("workflowId", workflow));
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
        String sessionId = session.path("session_id").asText();
        SessionListener listener = new SessionListener();
        return http.newWebSocketBuilder().header("Authorization", "Bearer " + session.path("ws_token").asText())
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(session.path("ws_url").asText()), listener)
                .thenCompose(socket -> {
                    connected.incrementAndGet();
                    return stream(socket, sessionId, listener);
                });
    }

    private CompletableFuture<Void> stream(WebSocket socket, String sessionId, SessionListener listener) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicLong index = new AtomicLong();
        long frames = options.duration().toMillis() / options.frameMs();
        CompletableFuture<?>[] last = {CompletableFuture.completedFuture(socket)};
        ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
        task[0] = ticker.scheduleAtFixedRate(() -> {
            long i = index.incrementAndGet();
            if (i > frames) {
                task[0].cancel(false);
                endSession(sessionId);
                listener.closed.orTimeout(5, TimeUnit.SECONDS).whenComplete((code, e) -> done.complete(null));
                return;
            }
            if (!last[0].isDone()) {
                return; // the socket is still writing the previous frame: the client is the bottleneck, skip
            }
            ByteBuffer frame = ByteBuffer.allocate(FRAME_BYTES).putLong(System.nanoTime()).putLong(i);
            frame.position(FRAME_BYTES).flip();
            framesSent.incrementAndGet();
            CompletableFuture<WebSocket> sent = socket.sendBinary(frame, true);
            if (i % options.injectEvery() == 0) {
                sent = sent.thenCompose(ws -> ws.sendText("{\"type\":\"inject\",\"text\":\"load " + i + "\"}", true));
            }
            last[0] = sent;
        }, 0, options.frameMs(), TimeUnit.MILLISECONDS);
        return done;
    }

    private void endSession(String sessionId) {
        try {
            http.send(HttpRequest.newBuilder(options.controlPlane().resolve("/api/v1/streaming-sessions/" + sessionId))
                    .header("X-API-Key", options.apiKey()).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // The close code report shows what happened to this session.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private JsonNode post(String path, Object body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(options.controlPlane().resolve(path))
                .header("X-API-Key", options.apiKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private String report(double seconds, long cpuMillis) {
        double[] rtt = latency.percentilesMillis();
        long sent = framesSent.get();
        long received = framesReceived.get();
        long relayed = 2 * sent + jsonReceived.get();
        StringBuilder out = new StringBuilder();
        out.append(String.format("sessions          %d requested, %d connected, %d failed%n", options.sessions(),
                connected.get(), failed.get()));
        if (firstFailure.get() != null) {
            out.append("first failure     ").append(firstFailure.get()).append(System.lineSeparator());
        }
        out.append(String.format("audio frames      %d sent, %d received, %d lost (%.3f%%)%n", sent, received,
                Math.max(0, sent - received), sent == 0 ? 0.0 : 100.0 * Math.max(0, sent - received) / sent));
        out.append(String.format("json frames       %d received with seq, %d seq gaps%n", jsonReceived.get(), seqGaps.get()));
        out.append(String.format("round trip (ms)   p50 %.2f  p95 %.2f  p99 %.2f  max %.2f  (%d samples)%n",
                rtt[0], rtt[1], rtt[2], rtt[3], latency.count()));
        out.append("close codes       ").append(closeCodes).append(System.lineSeparator());
        out.append(String.format("run               %.1f s%n", seconds));
        if (options.pid() > 0) {
            out.append(String.format("process %d CPU   %d ms (%.2f cores), %.2f CPU-ms per 1000 relayed frames%n",
                    options.pid(), cpuMillis, cpuMillis / 1000.0 / seconds, relayed == 0 ? 0.0 : cpuMillis * 1000.0 / relayed));
        }
        return out.toString();
    }

    /** User plus system CPU time of a process, from /proc (Linux), in milliseconds; 0 when unknown. */
    static long cpuMillis(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 10; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Receives one session's frames: echoed audio gives a round trip; JSON frames are checked for seq order. */
    private final class SessionListener implements WebSocket.Listener {
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final ByteBuffer binary = ByteBuffer.allocate(64 * 1024);
        private final StringBuilder text = new StringBuilder();
        private long lastSeq;

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            binary.put(data);
            if (last) {
                binary.flip();
                if (binary.remaining() >= 16) {
                    long sentAt = binary.getLong();
                    latency.record((System.nanoTime() - sentAt) / 1000);
                    framesReceived.incrementAndGet();
                }
                binary.clear();
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                int at = text.indexOf("\"seq\":");
                if (at >= 0) {
                    int end = at + 6;
                    while (end < text.length() && Character.isDigit(text.charAt(end))) {
                        end++;
                    }
                    long seq = Long.parseLong(text.substring(at + 6, end));
                    if (lastSeq != 0 && seq != lastSeq + 1) {
                        seqGaps.incrementAndGet();
                    }
                    lastSeq = seq;
                    jsonReceived.incrementAndGet();
                }
                text.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            closeCodes.computeIfAbsent(statusCode, code -> new AtomicLong()).incrementAndGet();
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closeCodes.computeIfAbsent(1006, code -> new AtomicLong()).incrementAndGet();
            closed.complete(1006);
        }
    }
}
