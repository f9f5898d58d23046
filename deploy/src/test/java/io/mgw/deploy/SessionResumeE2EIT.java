package io.mgw.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgw.embedded.TestServices;
import io.mgw.gateway.GatewayMain;
import io.mgw.gateway.server.GatewayServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Resume through the real processes: the real runtime stamps {@code seq} on transcripts (one per inject), a client
 * drops and resumes with {@code resume_from} on the other of two gateways sharing one Redis, also while the pod keeps
 * producing, and sees every frame exactly once and in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionResumeE2EIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JWT_SECRET = "e2e-resume-jwt-secret-of-32-bytes!!";
    private static final String SERVICE_TOKEN = "e2e-resume-service-token-of-32-bytes";
    private final HttpClient http = HttpClient.newHttpClient();
    private Mgw mgw;
    private GatewayServer second;
    private String workflow;

    @BeforeAll
    void start() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", TestServices.createDatabase("e2e_resume"));
        env.put("REDIS_URL", TestServices.redisUrl());
        env.put("MGW_DATA_DIR", Files.createTempDirectory("mgw-e2e-resume").toString());
        env.put("MGW_CONTROL_PLANE_PORT", "0");
        env.put("MGW_GATEWAY_PORT", "0");
        env.put("MGW_RUNTIME_PORT", "0");
        env.put("MGW_JWT_SECRET", JWT_SECRET);
        env.put("MGW_SERVICE_TOKEN", SERVICE_TOKEN);
        env.put("MGW_POD_ID", "pod-e2e-resume-" + System.nanoTime());
        env.put("MGW_EVENTS_STREAM", "mgw:events:e2e-resume:" + System.nanoTime());
        env.put("MGW_RESUME_MAXLEN", "20000");
        mgw = Mgw.start("up", env);
        second = GatewayMain.start(Map.of("MGW_BIND_HOST", "127.0.0.1", "MGW_GATEWAY_PORT", "0",
                "REDIS_URL", TestServices.redisUrl(), "MGW_JWT_SECRET", JWT_SECRET, "MGW_SERVICE_TOKEN", SERVICE_TOKEN,
                "MGW_CONTROL_PLANE_URL", mgw.controlPlaneUrl(), "MGW_RESUME_MAXLEN", "20000"));
        workflow = send("POST", "/api/v1/workflows", "{\"name\":\"echo agent\",\"workflowType\":\"streaming\","
                + "\"nodes\":[{\"id\":\"echo\",\"nodeId\":\"echo\"}]}").path("workflowId").asText();
        send("POST", "/api/v1/streaming-workflows/" + workflow + "/deploy", "{\"max_concurrent_sessions\":50}");
    }

    @AfterAll
    void stop() {
        if (second != null) {
            second.close();
        }
        if (mgw != null) {
            mgw.close();
        }
    }

    private JsonNode send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(mgw.controlPlaneUrl() + path))
                .header("X-API-Key", mgw.adminKey()).header("Content-Type", "application/json");
        request = body == null ? request.GET() : request.method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() / 100 == 2, path + " -> " + response.statusCode() + " " + response.body());
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    /** Opens the session socket on {@code gatewayPort} with a fresh ws_token (GET on the session mints one). */
    private Client open(int gatewayPort, String sessionId, String query) throws Exception {
        String token = send("GET", "/api/v1/streaming-sessions/" + sessionId, null).path("ws_token").asText();
        URI uri = URI.create("ws://127.0.0.1:" + gatewayPort + "/api/v1/streaming/sessions/" + sessionId + "/ws?ws_token="
                + token + (query == null ? "" : "&" + query));
        Client client = new Client();
        client.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, client)
                .get(15, TimeUnit.SECONDS);
        return client;
    }

    private int firstPort() {
        return URI.create(mgw.gatewayUrl()).getPort();
    }

    private String newSession() throws Exception {
        return send("POST", "/api/v1/streaming-sessions", "{\"workflowId\":\"" + workflow + "\"}").path("session_id").asText();
    }

    @Test
    void resumeOnTheOtherGatewayFromTheMiddleMissesAndRepeatsNothing() throws Exception {
        String sid = newSession();
        Client first = open(firstPort(), sid, null);
        for (int i = 1; i <= 200; i++) {
            first.inject("line " + i);
        }
        List<Long> seen = first.seqs(120);
        first.socket.abort(); // a dropped connection, no close handshake
        long watermark = seen.get(seen.size() - 1);
        Client again = open(second.port(), sid, "resume_from=" + watermark);
        List<Long> replayed = again.seqsUpTo(seen.get(0) + 199);
        RealSystem.assertContiguous(replayed, watermark + 1, seen.get(0) + 199);
        again.inject("after the resume");
        long next = again.seqs(1).get(0);
        assertEquals(seen.get(0) + 200, next, "live frames continue the same sequence");
        again.socket.sendClose(1000, "done");
    }

    @Test
    void resumeWhileThePodKeepsProducingLosesAndRepeatsNothingOverThousandsOfFrames() throws Exception {
        String sid = newSession();
        Client first = open(firstPort(), sid, null);
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicInteger injected = new AtomicInteger();
        // Control-channel injects: the pod produces whether or not a client is attached.
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            while (producing.get() && injected.get() < 3000) {
                try {
                    send("POST", "/api/v1/streaming-sessions/" + sid + "/inject", "{\"text\":\"n" + injected.get() + "\"}");
                    injected.incrementAndGet();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        List<Long> seen = first.seqs(500);
        first.socket.abort();
        long watermark = seen.get(seen.size() - 1);
        Thread.sleep(300); // frames keep coming while no client is attached
        Client again = open(second.port(), sid, "resume_from=" + watermark);
        List<Long> after = again.seqs(1000);
        producing.set(false);
        producer.get(60, TimeUnit.SECONDS);
        List<Long> all = new ArrayList<>(seen);
        all.addAll(after);
        // 1500 frames across a drop, a resume on another gateway and a live pod: no gap, no duplicate
        RealSystem.assertContiguous(all, seen.get(0), seen.get(0) + 1499);
        again.socket.sendClose(1000, "done");
    }

    /** A JDK WebSocket client collecting the {@code seq} of every sequenced frame. */
    private static final class Client implements WebSocket.Listener {
        final BlockingQueue<Long> seqs = new LinkedBlockingQueue<>();
        WebSocket socket;
        private final StringBuilder partial = new StringBuilder();

        void inject(String text) {
            socket.sendText("{\"type\":\"inject\",\"text\":\"" + text + "\",\"role\":\"user\"}", true).join();
        }

        List<Long> seqs(int count) throws InterruptedException {
            List<Long> out = new ArrayList<>();
            while (out.size() < count) {
                Long seq = seqs.poll(20, TimeUnit.SECONDS);
                if (seq == null) {
                    throw new AssertionError("only " + out.size() + " of " + count + " seq frames arrived: " + out);
                }
                out.add(seq);
            }
            return out;
        }

        List<Long> seqsUpTo(long last) throws InterruptedException {
            List<Long> out = new ArrayList<>();
            while (out.isEmpty() || out.get(out.size() - 1) < last) {
                Long seq = seqs.poll(20, TimeUnit.SECONDS);
                if (seq == null) {
                    throw new AssertionError("seq frames stopped before " + last + ": " + out);
                }
                out.add(seq);
            }
            return out;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                if (text.contains("\"seq\":")) { // transcripts, and the pod's metrics windows
                    seqs.add(Long.parseLong(text.replaceAll(".*\"seq\":(\\d+).*", "$1")));
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
