package io.mgw.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgw.embedded.TestServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The product as an app sees it, all three real processes together: create a session over REST, open ws_url with
 * the ws_token, hear the echo agent, inject text, end the session and get 1000.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionSocketE2EIT {

    private final HttpClient http = HttpClient.newHttpClient();
    private Mgw mgw;

    @BeforeAll
    void start() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", TestServices.createDatabase("e2e_socket"));
        env.put("REDIS_URL", TestServices.redisUrl());
        env.put("MGW_DATA_DIR", Files.createTempDirectory("mgw-e2e-socket").toString());
        env.put("MGW_CONTROL_PLANE_PORT", "0");
        env.put("MGW_GATEWAY_PORT", "0");
        env.put("MGW_RUNTIME_PORT", "0");
        env.put("MGW_POD_ID", "pod-e2e-socket-" + System.nanoTime());
        env.put("MGW_EVENTS_STREAM", "mgw:events:e2e:" + System.nanoTime());
        mgw = Mgw.start("up", env);
    }

    @AfterAll
    void stop() {
        if (mgw != null) {
            mgw.close();
        }
    }

    private String post(String path, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(mgw.controlPlaneUrl() + path))
                .header("X-API-Key", mgw.adminKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() / 100 == 2, path + " -> " + response.statusCode() + " " + response.body());
        return response.body();
    }

    private static String field(String json, String name) {
        return json.replaceAll(".*\"" + name + "\":\"([^\"]+)\".*", "$1");
    }

    @Test
    void anAppTalksToTheEchoAgentThroughTheGateway() throws Exception {
        String workflow = field(post("/api/v1/workflows", "{\"name\":\"echo agent\",\"workflowType\":\"streaming\","
                + "\"nodes\":[{\"id\":\"echo\",\"nodeId\":\"echo\"}]}"), "workflowId");
        String session = post("/api/v1/streaming-sessions", "{\"workflowId\":\"" + workflow + "\"}");
        String sessionId = field(session, "session_id");
        String token = field(session, "ws_token");
        URI wsUrl = URI.create(mgw.gatewayUrl().replace("http:", "ws:") + "/api/v1/streaming/sessions/" + sessionId
                + "/ws?ws_token=" + token);

        Listener listener = new Listener();
        WebSocket socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(wsUrl, listener).get(15, TimeUnit.SECONDS);
        byte[] audio = new byte[640];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (byte) i;
        }
        socket.sendBinary(ByteBuffer.wrap(audio), true).get(5, TimeUnit.SECONDS);
        byte[] echoed = listener.binary.poll(15, TimeUnit.SECONDS);
        assertArrayEquals(audio, echoed, "the echo agent returns the caller's audio unchanged");

        post("/api/v1/streaming-sessions/" + sessionId + "/inject", "{\"text\":\"hello from ops\",\"role\":\"system\"}");
        String transcript = null;
        for (int i = 0; i < 10 && transcript == null; i++) {
            String text = listener.text.poll(5, TimeUnit.SECONDS);
            if (text != null && text.contains("\"transcript\"")) {
                transcript = text;
            }
        }
        assertTrue(transcript != null && transcript.contains("hello from ops") && transcript.contains("\"seq\":"),
                String.valueOf(transcript));

        HttpResponse<String> ended = http.send(HttpRequest.newBuilder(URI.create(mgw.controlPlaneUrl()
                        + "/api/v1/streaming-sessions/" + sessionId)).header("X-API-Key", mgw.adminKey()).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, ended.statusCode());
        assertEquals(1000, listener.closeCode.get(15, TimeUnit.SECONDS), "the session ended: normal closure");
    }

    /** Collects what the gateway sends. */
    static final class Listener implements WebSocket.Listener {
        final BlockingQueue<byte[]> binary = new LinkedBlockingQueue<>();
        final BlockingQueue<String> text = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        private final StringBuilder partialText = new StringBuilder();
        private final java.io.ByteArrayOutputStream partialBinary = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partialText.append(data);
            if (last) {
                text.add(partialText.toString());
                partialText.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            partialBinary.writeBytes(bytes);
            if (last) {
                binary.add(partialBinary.toByteArray());
                partialBinary.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.completeExceptionally(error);
        }
    }
}
