package io.mgw.runtime.engine.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mgw.runtime.testing.FakeHttpServer;
import io.mgw.runtime.testing.FakeHttpServer.Answer;
import io.mgw.runtime.testing.SessionClient;
import io.mgw.runtime.testing.StreamingHarness;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code llm} in a real session against a local fake of an OpenAI-compatible API that checks what it is sent (model,
 * bearer key, messages): replies, conversation history, metrics, tool calls through an agent's webhook tool, failures.
 */
class LlmNodeIT {

    static final String KEY = "sk-test-0123456789";
    static StreamingHarness pod;
    static FakeHttpServer openai;

    static String reply(String content) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"" + content + "\"},\"finish_reason\":\"stop\"}]}";
    }

    /** Answers like a chat-completions endpoint, but only to the right model and key: the fake checks what it receives. */
    static Answer chat(FakeHttpServer.Request request) {
        try {
            return answer(request);
        } catch (java.io.IOException e) {
            return Answer.json(400, "{\"error\":{\"message\":\"unreadable tool result\"}}");
        }
    }

    static Answer answer(FakeHttpServer.Request request) throws java.io.IOException {
        if (!("Bearer " + KEY).equals(request.header("Authorization"))) {
            return Answer.json(401, "{\"error\":{\"message\":\"bad key\"}}");
        }
        if (request.json() == null || !"test-model".equals(request.json().path("model").asText())) {
            return Answer.json(400, "{\"error\":{\"message\":\"unknown model\"}}");
        }
        JsonNode messages = request.json().path("messages");
        JsonNode last = messages.get(messages.size() - 1);
        if ("tool".equals(last.path("role").asText())) {
            JsonNode result = io.mgw.adapters.frame.FrameJson.mapper().readTree(last.path("content").asText());
            return Answer.json(200, reply("Your balance is " + result.path("balance").asText()));
        }
        String said = last.path("content").asText();
        if (said.contains("balance")) {
            return Answer.json(200, "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"tc_1\","
                    + "\"type\":\"function\",\"function\":{\"name\":\"lookup_account\",\"arguments\":\"{\\\"phone\\\":\\\"+15551230001\\\"}\"}}]}}]}");
        }
        return Answer.json(200, reply("You said: " + said + " (" + (messages.size()) + " messages)"));
    }

    @BeforeAll
    static void start() {
        openai = new FakeHttpServer()
                .route("/v1/chat/completions", LlmNodeIT::chat)
                .route("/broken/chat/completions", r -> Answer.json(500, "{\"error\":\"overloaded\"}"))
                .route("/garbage/chat/completions", r -> Answer.json(200, "this is not json"))
                .route("/slow/chat/completions", r -> new Answer(200, reply("late"), Duration.ofSeconds(3)))
                .route("/tools/account", r -> Answer.json(200, "{\"balance\":\"12.50\"}"));
        pod = new StreamingHarness(Map.of("MGW_NODE_SECRET_FAKE_OPENAI", KEY, "MGW_METRICS_WINDOW", "1s"));
    }

    @AfterAll
    static void stop() {
        pod.close();
        openai.close();
    }

    static String llm(String id, String base, String extra) {
        return "{\"id\":\"" + id + "\",\"type\":\"llm\",\"config\":{\"baseUrl\":\"" + openai.url(base) + "\",\"model\":\"test-model\","
                + "\"apiKeySecret\":\"fake-openai\"" + extra + "}}";
    }

    @Test
    void answersEachTurnWithTheWholeConversationAndCountsSpokenCharacters() throws Exception {
        String deployment = pod.deploy("[" + llm("brain", "/v1", ",\"systemPrompt\":\"Be brief.\",\"temperature\":0.2,"
                + "\"maxTokens\":64") + "]", "[]");
        try (SessionClient client = pod.connect(StreamingHarness.sessionId(), deployment)) {
            client.sendText("{\"type\":\"inject\",\"text\":\"hello\"}");
            JsonNode first = client.nextJson("transcript");
            assertEquals("assistant", first.path("role").asText());
            assertEquals("You said: hello (2 messages)", first.path("text").asText());
            client.sendText("{\"type\":\"inject\",\"text\":\"and again\",\"role\":\"user\"}");
            assertEquals("You said: and again (4 messages)", client.nextJson("transcript").path("text").asText());

            JsonNode request = openai.requests("/v1/chat/completions").stream()
                    .filter(r -> r.body().contains("and again")).findFirst().orElseThrow().json();
            assertEquals(0.2, request.path("temperature").asDouble());
            assertEquals(64, request.path("max_tokens").asInt());
            List<String> roles = new java.util.ArrayList<>();
            request.path("messages").forEach(m -> roles.add(m.path("role").asText() + ":" + m.path("content").asText()));
            assertEquals(List.of("system:Be brief.", "user:hello", "assistant:You said: hello (2 messages)", "user:and again"),
                    roles);

            long expected = "You said: hello (2 messages)".length() + "You said: and again (4 messages)".length();
            long spoken = 0;
            while (spoken < expected) {
                spoken += client.until(m -> m.isJson("metrics")).json().path("tts_chars").asLong();
            }
            assertEquals(expected, spoken, "every spoken character counted once in the metrics windows");
        }
    }

    @Test
    void anAgentsModelCallsTheAgentsWebhookToolAndAnswersWithItsResult() throws Exception {
        String nodes = "[{\"id\":\"support\",\"type\":\"agent\",\"config\":{\"instructions\":\"You are the support agent.\"}},"
                + llm("model", "/v1", "") + ","
                + "{\"id\":\"account\",\"type\":\"webhook\",\"config\":{\"url\":\"" + openai.url("/tools/account") + "\","
                + "\"toolName\":\"lookup_account\",\"toolDescription\":\"Looks an account up by phone\"}}]";
        String connections = "[{\"source\":\"model\",\"target\":\"support\",\"targetPort\":\"ai\"},"
                + "{\"source\":\"account\",\"target\":\"support\",\"targetPort\":\"tools\"}]";
        String deployment = pod.deploy(nodes, connections);
        try (SessionClient client = pod.connect(StreamingHarness.sessionId(), deployment)) {
            client.sendText("{\"type\":\"inject\",\"text\":\"what is my balance\"}");
            JsonNode call = client.nextJson("tool_call");
            assertEquals("tc_1", call.path("id").asText());
            assertEquals("lookup_account", call.path("name").asText());
            assertEquals("+15551230001", call.path("arguments").path("phone").asText());
            JsonNode result = client.nextJson("tool_result");
            assertEquals("12.50", result.path("result").path("balance").asText());
            JsonNode answer = client.nextJson("transcript");
            assertEquals("Your balance is 12.50", answer.path("text").asText());
            assertTrue(call.path("seq").asLong() < result.path("seq").asLong() && result.path("seq").asLong() < answer.path("seq").asLong());

            JsonNode first = openai.requests("/v1/chat/completions").stream()
                    .filter(r -> r.body().contains("what is my balance")).findFirst().orElseThrow().json();
            assertEquals("system", first.path("messages").get(0).path("role").asText());
            assertEquals("You are the support agent.", first.path("messages").get(0).path("content").asText());
            assertEquals("lookup_account", first.path("tools").get(0).path("function").path("name").asText());
            JsonNode webhook = openai.awaitRequests("/tools/account", 1).get(0).json();
            assertEquals("tool_call", webhook.path("event").asText());
            assertEquals("+15551230001", webhook.path("arguments").path("phone").asText());
        }
    }

    @Test
    void httpErrorsMalformedAnswersAndTimeoutsAreNodeErrorsAndTheSessionGoesOn() throws Exception {
        String nodes = "[" + llm("broken", "/broken", "") + "," + llm("garbage", "/garbage", "") + ","
                + llm("slow", "/slow", ",\"timeoutMs\":300") + ","
                + "{\"id\":\"no-key\",\"type\":\"llm\",\"config\":{\"baseUrl\":\"" + openai.url("/v1") + "\",\"model\":\"m\","
                + "\"apiKeySecret\":\"not-configured\"}},"
                + "{\"id\":\"no-model\",\"type\":\"llm\",\"config\":{\"baseUrl\":\"" + openai.url("/v1") + "\"}},"
                + "{\"id\":\"say\",\"type\":\"say-text\"}]";
        String deployment = pod.deploy(nodes, "[]");
        String sid = StreamingHarness.sessionId();
        try (SessionClient client = pod.connect(sid, deployment)) {
            Map<String, String> codes = new HashMap<>();
            for (int i = 0; i < 2; i++) {
                JsonNode error = client.nextJson("error");
                codes.put(error.path("node_id").asText(), error.path("code").asText());
            }
            assertEquals(Map.of("no-key", "node.config", "no-model", "node.config"), codes);
            client.sendText("{\"type\":\"inject\",\"text\":\"hi\"}");
            assertEquals("hi", client.nextJson("transcript").path("text").asText());
            codes.clear();
            for (int i = 0; i < 3; i++) {
                JsonNode error = client.nextJson("error");
                codes.put(error.path("node_id").asText(), error.path("code").asText());
            }
            assertEquals(Map.of("broken", "llm.http_error", "garbage", "llm.bad_response", "slow", "llm.timeout"), codes);
            // A failed request leaves the node ready for the next turn: it asks again (and fails again, visibly).
            client.sendText("{\"type\":\"inject\",\"text\":\"again\"}");
            assertEquals("again", client.nextJson("transcript").path("text").asText());
            assertEquals(2, openai.awaitRequests("/garbage/chat/completions", 2).size());
            pod.awaitEvent(sid, "error", e -> "llm.bad_response".equals(e.path("code").asText()));
        }
    }
}
