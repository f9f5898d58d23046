package io.mgw.runtime.engine.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mgw.runtime.testing.FakeHttpServer;
import io.mgw.runtime.testing.FakeHttpServer.Answer;
import io.mgw.runtime.testing.SessionClient;
import io.mgw.runtime.testing.StreamingHarness;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code webhook} in a real session against a loopback receiver: the context it posts, its answer, its failures. */
class WebhookNodeIT {

    static StreamingHarness pod;
    static FakeHttpServer receiver;

    @BeforeAll
    static void start() {
        receiver = new FakeHttpServer()
                .route("/hook", request -> "transcript".equals(request.json().path("event").asText())
                        ? Answer.json(200, "{\"say\":\"Your order has shipped.\",\"inject\":\"order 42 shipped\"}")
                        : Answer.json(204, ""))
                .route("/broken", request -> Answer.json(500, "{\"error\":\"boom\"}"))
                .route("/slow", request -> new Answer(200, "{\"say\":\"too late\"}", Duration.ofSeconds(3)));
        pod = new StreamingHarness(Map.of());
    }

    @AfterAll
    static void stop() {
        pod.close();
        receiver.close();
    }

    static String webhook(String id, String url, String extra) {
        return "{\"id\":\"" + id + "\",\"type\":\"webhook\",\"config\":{\"url\":\"" + url + "\"" + extra + "}}";
    }

    @Test
    void postsTheSessionContextOnItsEventsAndSpeaksTheAnswer() throws Exception {
        String nodes = "[" + webhook("crm", receiver.url("/hook"), ",\"events\":[\"start\",\"transcript\",\"end\"],"
                + "\"headers\":{\"X-Api-Key\":\"k-1\"}") + ",{\"id\":\"after\",\"type\":\"say-text\"}]";
        String deployment = pod.deploy(nodes, "[{\"source\":\"crm\",\"target\":\"after\"}]");
        String sid = StreamingHarness.sessionId();
        try (SessionClient client = pod.connect(sid, deployment)) {
            List<FakeHttpServer.Request> calls = receiver.awaitRequests("/hook", 1);
            JsonNode start = calls.get(0).json();
            assertEquals("start", start.path("event").asText());
            assertEquals(sid, start.path("session").path("id").asText());
            assertEquals(deployment, start.path("session").path("deployment_id").asText());
            assertEquals("org_it", start.path("session").path("organization_id").asText());
            assertEquals("k-1", calls.get(0).header("X-Api-Key"));

            client.sendText("{\"type\":\"start\",\"call\":{\"provider\":\"twilio\",\"call_id\":\"CA1\",\"from\":\"+15551230001\","
                    + "\"to\":\"+15551230002\",\"direction\":\"inbound\"}}");
            client.sendText("{\"type\":\"inject\",\"text\":\"where is my order\"}");
            // the inject passes on at once (say-text), the webhook's answer follows; its inject passes on as well
            assertEquals("where is my order", client.nextJson("transcript").path("text").asText());
            assertEquals("Your order has shipped.", client.nextJson("transcript").path("text").asText());
            assertEquals("order 42 shipped", client.nextJson("transcript").path("text").asText());
            JsonNode turn = receiver.awaitRequests("/hook", 2).get(1).json();
            assertEquals("transcript", turn.path("event").asText());
            assertEquals("where is my order", turn.path("text").asText());
            assertEquals("inject", turn.path("frame").path("type").asText());
            assertEquals("+15551230001", turn.path("call").path("from").asText());
            assertEquals("CA1", turn.path("call").path("call_id").asText());

            client.sendText("{\"type\":\"stop\",\"reason\":\"caller-hangup\"}");
            JsonNode end = receiver.awaitRequests("/hook", 3).get(2).json();
            assertEquals("end", end.path("event").asText());
            assertEquals("caller-hangup", end.path("reason").asText());
        }
    }

    @Test
    void httpErrorsTimeoutsAndUnreachableUrlsAreNodeErrorsAndTheSessionGoesOn() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String nodes = "[" + webhook("fails", receiver.url("/broken"), "") + ","
                + webhook("slow", receiver.url("/slow"), ",\"timeoutMs\":300") + ","
                + webhook("gone", "http://127.0.0.1:" + closedPort + "/hook", "") + ","
                + webhook("relative", "/just/a/path", "") + ","
                + "{\"id\":\"say\",\"type\":\"say-text\"}]";
        String deployment = pod.deploy(nodes, "[]");
        String sid = StreamingHarness.sessionId();
        try (SessionClient client = pod.connect(sid, deployment)) {
            JsonNode config = client.nextJson("error");
            assertEquals("relative", config.path("node_id").asText());
            assertEquals("node.config", config.path("code").asText());
            client.sendText("{\"type\":\"inject\",\"text\":\"hello\"}");
            assertEquals("hello", client.nextJson("transcript").path("text").asText());
            Map<String, String> codes = new HashMap<>();
            for (int i = 0; i < 3; i++) {
                JsonNode error = client.nextJson("error");
                codes.put(error.path("node_id").asText(), error.path("code").asText());
                assertTrue(!error.path("message").asText().isBlank(), error.toString());
            }
            assertEquals(Map.of("fails", "webhook.http_error", "slow", "webhook.timeout", "gone", "webhook.connection_error"),
                    codes);
            client.sendText("{\"type\":\"inject\",\"text\":\"still here\"}");
            assertEquals("still here", client.nextJson("transcript").path("text").asText());
            pod.awaitEvent(sid, "error", e -> "webhook.timeout".equals(e.path("code").asText()));
        }
    }
}
