package io.mgw.deploy.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/mgw load}: N concurrent app sessions (created over REST, canonical frames on the session socket) or N
 * simulated provider calls (Twilio-style framing on the agent stream), all streaming 20 ms frames at 50 per second
 * each way at the same time, plus a JSON frame now and then. Connections are set up first (spread over the ramp-up);
 * the measured window is the streaming that follows. Reports connections, frames sent/received/lost, round-trip
 * p50/p95/p99/max, close codes, and the CPU time of the processes under test per 1000 relayed frames. With
 * {@code --url} the same client drives a pod directly or a proxy in front of it, for comparison.
 */
public final class LoadTool {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REST_CONCURRENCY = 16;
    private static final long DRAIN_MILLIS = 1_000;
    private static final long CLOSE_WAIT_MILLIS = 5_000;
    private static final long WARM_UP_MILLIS = 15_000;
    private static final long SETTLE_MILLIS = 1_000;
    /** A second whose p99 is above this counts as slow in the report (the 10 ms target). */
    private static final int SLOW_SECOND_P99_MILLIS = 10;

    private final LoadOptions options;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final LoadStats stats = new LoadStats();

    LoadTool(LoadOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        if (args.length == 2 && args[0].equals("--echo-server")) {
            runEchoServer(Integer.parseInt(args[1]));
            return;
        }
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

    private static void runEchoServer(int port) {
        EchoServer server = new EchoServer("127.0.0.1", port);
        System.out.println("echo server on ws://127.0.0.1:" + server.port() + "/ (Ctrl-C stops it)");
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One connection to make: where, with which headers, and the call's identifiers. */
    private record Target(URI uri, Map<String, String> headers, String callId, String account) {
    }

    String run() throws Exception {
        FakeProviderApi providerApi = null;
        try (LoadClient client = new LoadClient(options.threads())) {
            List<Target> targets;
            Framing framing;
            if (options.provider() == null) {
                targets = sessionTargets();
                framing = new SessionFraming();
            } else {
                framing = new TwilioStyleFraming(options.provider().equals("cloudonix"));
                if (options.url() == null) {
                    providerApi = new FakeProviderApi();
                    targets = callTargets(providerApi);
                } else {
                    targets = baselineTargets();
                }
            }
            List<LoadCall> calls = connect(client, targets, framing);
            return stream(calls);
        } finally {
            if (providerApi != null) {
                providerApi.close();
            }
        }
    }

    private List<LoadCall> connect(LoadClient client, List<Target> targets, Framing framing) throws InterruptedException {
        long stepNanos = options.rampUp().toNanos() / Math.max(1, targets.size());
        long start = System.nanoTime();
        List<CompletableFuture<LoadCall>> opening = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            long due = start + stepNanos * i;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            Target t = targets.get(i);
            opening.add(client.open(t.uri(), t.headers(), framing, stats, options.jsonEvery(), t.callId(), t.account()));
        }
        List<LoadCall> calls = new ArrayList<>();
        for (CompletableFuture<LoadCall> f : opening) {
            try {
                calls.add(f.get(30, TimeUnit.SECONDS));
            } catch (Exception e) {
                stats.failed(e.getCause() != null ? e.getCause() : e);
            }
        }
        return calls;
    }

    private String stream(List<LoadCall> calls) throws InterruptedException {
        calls.forEach(LoadCall::warmUp);
        try {
            CompletableFuture.allOf(calls.stream().map(c -> c.warm).toArray(CompletableFuture[]::new))
                    .get(WARM_UP_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            stats.failed(new IllegalStateException(calls.stream().filter(c -> !c.warm.isDone()).count()
                    + " connection(s) echoed nothing within " + WARM_UP_MILLIS + " ms of warm-up"));
        }
        TimeUnit.MILLISECONDS.sleep(SETTLE_MILLIS); // let warm-up echoes still queued drain
        Map<String, Long> measured = new java.util.LinkedHashMap<>(options.pids());
        measured.put("load-client", ProcessHandle.current().pid()); // how much of the machine the client itself takes
        CpuSampler cpu = new CpuSampler(measured);
        long frames = (options.warmUp().toMillis() + options.duration().toMillis()) / options.frameMs();
        long start = System.nanoTime() + 500_000_000L;
        long phaseStep = calls.isEmpty() ? 0 : options.frameMs() * 1_000_000L / calls.size();
        for (int i = 0; i < calls.size(); i++) {
            calls.get(i).stream(start + phaseStep * i, frames, options.frameMs());
        }
        // Full-rate warm-up first (JIT, pools, queues settle on every side), then the measured window.
        long t0 = start + options.warmUp().toNanos();
        TimeUnit.NANOSECONDS.sleep(Math.max(0, t0 - System.nanoTime()));
        stats.latency.reset();
        long sent0 = stats.audioSent.sum();
        long received0 = stats.audioReceived.sum();
        long jsonSent0 = stats.jsonSent.sum();
        long jsonReceived0 = stats.jsonReceived.sum();
        long skipped0 = stats.audioSkipped.sum();
        long late0 = stats.audioLate.sum();
        Map<String, Long> cpuBefore = cpu.sample();
        TimeUnit.MILLISECONDS.sleep(options.duration().toMillis());
        Map<String, Long> cpuAfter = cpu.sample();
        double window = (System.nanoTime() - t0) / 1e9;
        TimeUnit.MILLISECONDS.sleep(DRAIN_MILLIS); // echoes still in flight
        long sent = stats.audioSent.sum() - sent0;
        long received = stats.audioReceived.sum() - received0;
        long jsonSent = stats.jsonSent.sum() - jsonSent0;
        long jsonReceived = stats.jsonReceived.sum() - jsonReceived0;
        long skipped = stats.audioSkipped.sum() - skipped0;
        long late = stats.audioLate.sum() - late0;
        double[] rtt = stats.latency.percentilesMillis();
        int samples = stats.latency.count();
        // A pod (or the gateway) ends the session on stop and closes with 1000; an echo server just echoes it.
        boolean farSideCloses = options.provider() == null || options.url() == null;
        calls.forEach(call -> call.stop(!farSideCloses));
        long closeDeadline = System.nanoTime() + CLOSE_WAIT_MILLIS * 1_000_000;
        for (LoadCall call : calls) {
            try {
                call.closed.get(Math.max(1, closeDeadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                call.abort();
            }
        }
        return report(calls.size(), window, sent, received, skipped, late, jsonSent, jsonReceived, rtt, samples,
                cpuBefore, cpuAfter);
    }

    private String report(int connected, double window, long sent, long received, long skipped, long late,
                          long jsonSent, long jsonReceived, double[] rtt, int samples, Map<String, Long> cpuBefore,
                          Map<String, Long> cpuAfter) {
        String unit = options.provider() == null ? "sessions" : "calls";
        long lost = Math.max(0, sent - received);
        long relayed = sent + received + jsonSent + jsonReceived;
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-17s %d requested, %d connected, %d failed%n", unit, options.sessions(), connected,
                stats.failed.sum()));
        if (stats.firstFailure() != null) {
            out.append(String.format("%-17s %s%n", "first failure", stats.firstFailure()));
        }
        out.append(String.format("%-17s %d sent, %d received, %d lost (%.3f%%), %d not sent (client backpressure), "
                + "%d not sent (client late)%n", "audio frames", sent, received, lost, sent == 0 ? 0.0 : 100.0 * lost / sent,
                skipped, late));
        out.append(String.format("%-17s %d sent, %d received%s%n", "json frames", jsonSent, jsonReceived,
                options.provider() == null ? " with seq, " + stats.seqGaps.sum() + " seq gaps" : ""));
        out.append(String.format("%-17s p50 %.2f  p95 %.2f  p99 %.2f  max %.2f  (%d samples)%n", "round trip (ms)",
                rtt[0], rtt[1], rtt[2], rtt[3], samples));
        appendSeconds(out, stats.latency.bySecond());
        out.append(String.format("%-17s %s%n", "close codes", stats.closeCodes()));
        out.append(String.format("%-17s %.1f s streaming, %d relayed frames (%.0f per second)%n", "window", window,
                relayed, relayed / window));
        cpuAfter.forEach((label, after) -> {
            long used = after - cpuBefore.getOrDefault(label, 0L);
            out.append(String.format("%-17s %d ms (%.2f cores), %.2f CPU-ms per 1000 relayed frames%n",
                    "cpu " + label, used, used / 1000.0 / window, relayed == 0 ? 0.0 : used * 1000.0 / relayed));
        });
        return out.toString();
    }

    /** The worst second of the window (one stall or a spread-out tail?) and, with --timeline, every second. */
    private void appendSeconds(StringBuilder out, List<LatencyRecorder.Second> seconds) {
        if (seconds.isEmpty()) {
            return;
        }
        LatencyRecorder.Second worst = seconds.get(0);
        int slow = 0;
        for (LatencyRecorder.Second s : seconds) {
            worst = s.p99() > worst.p99() ? s : worst;
            slow += s.p99() > SLOW_SECOND_P99_MILLIS ? 1 : 0;
        }
        out.append(String.format("%-17s second %d: p99 %.2f  max %.2f  (%d samples); %d of %d seconds with p99 over"
                + " %d ms; second 0 began %s%n", "worst second", worst.index(), worst.p99(), worst.max(),
                worst.samples(), slow, seconds.size(), SLOW_SECOND_P99_MILLIS, stats.latency.origin()));
        if (options.timeline()) {
            for (LatencyRecorder.Second s : seconds) {
                out.append(String.format("%-17s p50 %.2f  p99 %.2f  max %.2f  (%d samples)%n", "second " + s.index(),
                        s.p50(), s.p99(), s.max(), s.samples()));
            }
        }
    }

    // ---- setup ----------------------------------------------------------------------------------------------------

    private List<Target> sessionTargets() throws Exception {
        String workflow = options.workflowId() != null ? options.workflowId() : createEchoWorkflow();
        List<JsonNode> sessions = createSessions(workflow);
        List<Target> targets = new ArrayList<>();
        for (JsonNode s : sessions) {
            String id = s.path("session_id").asText();
            if (options.url() == null) {
                targets.add(new Target(throughGateway(URI.create(s.path("ws_url").asText())),
                        Map.of("Authorization", "Bearer " + s.path("ws_token").asText()), id, ""));
            } else {
                Map<String, String> headers = options.serviceToken() == null ? Map.of()
                        : Map.of("X-Service-Token", options.serviceToken());
                String deployment = get("/api/v1/streaming-sessions/" + id).path("deployment_id").asText();
                targets.add(new Target(URI.create(options.url().replace("{session}", id)
                        .replace("{deployment}", deployment)), headers, id, ""));
            }
        }
        return targets;
    }

    /** The session's socket on the {@code --gateway} given, or as the control plane gave it. */
    private URI throughGateway(URI wsUrl) {
        if (options.gateway() == null) {
            return wsUrl;
        }
        String query = wsUrl.getRawQuery() == null ? "" : "?" + wsUrl.getRawQuery();
        return URI.create(options.gateway().toString().replaceAll("/$", "") + wsUrl.getRawPath() + query);
    }

    private List<Target> callTargets(FakeProviderApi providerApi) throws Exception {
        String workflow = options.workflowId() != null ? options.workflowId() : createEchoWorkflow();
        String agent = get("/api/v1/workflows/" + workflow).path("agentUuid").asText();
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        boolean cloudonix = options.provider().equals("cloudonix");
        String account = cloudonix ? "load-" + suffix + ".cloudonix.net" : "ACload" + suffix;
        Map<String, Object> credentials = cloudonix ? Map.of("bearer_token", "load-bearer-" + suffix)
                : Map.of("account_id", account, "secret", "load-token-" + suffix);
        post("/api/v1/telephony-configurations", Map.of("provider", options.provider(), "identifier", account,
                "name", "load " + suffix, "credentials", credentials, "api_base_url", providerApi.baseUrl()));
        URI uri = URI.create(options.callGateway().toString().replaceAll("/$", "") + "/api/v1/agent-stream/"
                + options.provider() + "/" + agent);
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < options.sessions(); i++) {
            targets.add(new Target(uri, Map.of(), "CA" + suffix + i, account));
        }
        return targets;
    }

    private List<Target> baselineTargets() {
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < options.sessions(); i++) {
            targets.add(new Target(URI.create(options.url()), Map.of(), "CAbase" + i, "ACbaseline"));
        }
        return targets;
    }

    private String createEchoWorkflow() throws Exception {
        JsonNode created = post("/api/v1/workflows", Map.of("name", "load-echo", "workflowType", "streaming",
                "nodes", List.of(Map.of("id", "echo", "nodeId", "echo"))));
        String id = created.path("workflowId").asText();
        post("/api/v1/streaming-workflows/" + id + "/deploy", Map.of("max_concurrent_sessions", options.sessions() * 2));
        return id;
    }

    private List<JsonNode> createSessions(String workflow) throws Exception {
        Semaphore slots = new Semaphore(REST_CONCURRENCY);
        List<CompletableFuture<JsonNode>> created = new ArrayList<>();
        for (int i = 0; i < options.sessions(); i++) {
            slots.acquire();
            created.add(sendAsync("POST", "/api/v1/streaming-sessions", Map.of("workflowId", workflow))
                    .whenComplete((r, e) -> slots.release()));
        }
        List<JsonNode> sessions = new ArrayList<>();
        for (CompletableFuture<JsonNode> f : created) {
            try {
                sessions.add(f.get(60, TimeUnit.SECONDS));
            } catch (Exception e) {
                stats.failed(e.getCause() != null ? e.getCause() : e);
            }
        }
        return sessions;
    }

    private JsonNode get(String path) throws Exception {
        return sendAsync("GET", path, null).get(30, TimeUnit.SECONDS);
    }

    private JsonNode post(String path, Object body) throws Exception {
        return sendAsync("POST", path, body).get(30, TimeUnit.SECONDS);
    }

    private CompletableFuture<JsonNode> sendAsync(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(options.controlPlane().resolve(path))
                .timeout(Duration.ofSeconds(30)).header("X-API-Key", options.apiKey());
        try {
            request = body == null ? request.GET() : request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
