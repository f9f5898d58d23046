package io.mgw.runtime.engine.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mgw.runtime.testing.SessionClient;
import io.mgw.runtime.testing.StreamingHarness;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code agent} and {@code handoff} in a real session: who is in charge, the handoff frame, its event and timing. */
class AgentHandoffIT {

    static StreamingHarness pod;

    /**
     * triage greets and hands billing questions (keyword) or a 0 (digit) to billing; billing greets when it takes
     * over; say-text (a root) repeats every turn, so each turn shows up after whatever the agents did with it.
     */
    static final String AGENTS = "[{\"id\":\"triage\",\"type\":\"agent\",\"config\":{\"agentName\":\"triage\","
            + "\"instructions\":\"Route the caller.\",\"greeting\":\"Triage here, how can I help?\"}},"
            + "{\"id\":\"to-billing\",\"type\":\"handoff\",\"config\":{\"targetAgent\":\"billing\",\"keywords\":[\"invoice\",\"bill\"],"
            + "\"digit\":\"0\",\"reason\":\"billing question\"}},"
            + "{\"id\":\"billing\",\"type\":\"agent\",\"label\":\"billing\",\"config\":{\"instructions\":\"Answer billing questions.\","
            + "\"greeting\":\"Billing here.\"}},"
            + "{\"id\":\"say\",\"type\":\"say-text\"}]";
    static final String FLOW = "[{\"source\":\"triage\",\"target\":\"to-billing\"}]";

    @BeforeAll
    static void start() {
        pod = new StreamingHarness(Map.of());
    }

    @AfterAll
    static void stop() {
        pod.close();
    }

    @Test
    void aKeywordHandsTheCallToTheNamedAgentWithFrameAndTimedEvent() throws Exception {
        String deployment = pod.deploy(AGENTS, FLOW);
        String sid = StreamingHarness.sessionId();
        try (SessionClient client = pod.connect(sid, deployment)) {
            assertEquals("Triage here, how can I help?", client.nextJson("transcript").path("text").asText());
            client.sendText("{\"type\":\"inject\",\"text\":\"I have a question about my INVOICE\",\"role\":\"user\"}");
            JsonNode handoff = client.nextJson("handoff");
            assertEquals("triage", handoff.path("from_agent").asText());
            assertEquals("billing", handoff.path("to_agent").asText());
            assertEquals("billing question", handoff.path("reason").asText());
            assertEquals(2, handoff.path("seq").asLong());
            JsonNode greeting = client.nextJson("transcript");
            assertEquals("Billing here.", greeting.path("text").asText());
            assertEquals(3, greeting.path("seq").asLong());
            assertEquals("I have a question about my INVOICE", client.nextJson("transcript").path("text").asText());

            JsonNode event = pod.awaitEvent(sid, "handoff", e -> true);
            assertEquals("triage", event.path("from_agent").asText());
            assertEquals("billing", event.path("to_agent").asText());
            assertEquals("billing question", event.path("reason").asText());
            Instant started = Instant.parse(event.path("started_at").asText());
            Instant completed = Instant.parse(event.path("completed_at").asText());
            assertFalse(completed.isBefore(started), event.toString());

            // billing is in charge now: the keyword (triage no longer passes turns on) and the digit (a handoff to the
            // agent in charge) hand nothing off: the next frame is say-text's line, not another handoff.
            client.sendText("{\"type\":\"inject\",\"text\":\"another bill question\"}");
            assertEquals("another bill question", client.nextJson("transcript").path("text").asText());
            client.sendText("{\"type\":\"dtmf\",\"digit\":\"0\"}");
            client.sendText("{\"type\":\"inject\",\"text\":\"done\"}");
            assertEquals("done", client.nextJson("transcript").path("text").asText());
        }
    }

    @Test
    void aDigitHandsOffToo() throws Exception {
        String deployment = pod.deploy(AGENTS, FLOW);
        try (SessionClient client = pod.connect(StreamingHarness.sessionId(), deployment)) {
            client.nextJson("transcript");
            client.sendText("{\"type\":\"dtmf\",\"digit\":\"0\"}");
            JsonNode handoff = client.nextJson("handoff");
            assertEquals("billing", handoff.path("to_agent").asText());
            assertEquals("Billing here.", client.nextJson("transcript").path("text").asText());
        }
    }

    @Test
    void aTurnWithoutTheKeywordPassesOnAlongTheAgentInChargesPath() throws Exception {
        String nodes = "[{\"id\":\"triage\",\"type\":\"agent\",\"config\":{\"instructions\":\"Route.\"}},"
                + "{\"id\":\"to-billing\",\"type\":\"handoff\",\"config\":{\"targetAgent\":\"billing\",\"keywords\":\"invoice\"}},"
                + "{\"id\":\"billing\",\"type\":\"agent\",\"config\":{\"instructions\":\"Bills.\"}},"
                + "{\"id\":\"next-step\",\"type\":\"say-text\"}]";
        String deployment = pod.deploy(nodes, "[{\"source\":\"triage\",\"target\":\"to-billing\"},"
                + "{\"source\":\"to-billing\",\"target\":\"next-step\"}]");
        try (SessionClient client = pod.connect(StreamingHarness.sessionId(), deployment)) {
            client.sendText("{\"type\":\"inject\",\"text\":\"what are your opening hours\"}");
            JsonNode said = client.nextJson("transcript");
            assertEquals("what are your opening hours", said.path("text").asText(), "passed on to triage's next step");
            assertEquals(1, said.path("seq").asLong(), "no handoff before it");
        }
    }

    @Test
    void aHandoffToAnUnknownAgentIsANodeErrorAndTheCallGoesOn() throws Exception {
        String nodes = "[{\"id\":\"triage\",\"type\":\"agent\",\"config\":{\"instructions\":\"Route.\"}},"
                + "{\"id\":\"lost\",\"type\":\"handoff\",\"config\":{\"targetAgent\":\"nobody\",\"keywords\":\"help\"}},"
                + "{\"id\":\"broken\",\"type\":\"handoff\",\"config\":{}},"
                + "{\"id\":\"no-instructions\",\"type\":\"agent\",\"config\":{}},"
                + "{\"id\":\"say\",\"type\":\"say-text\"}]";
        String deployment = pod.deploy(nodes, "[{\"source\":\"triage\",\"target\":\"lost\"}]");
        String sid = StreamingHarness.sessionId();
        try (SessionClient client = pod.connect(sid, deployment)) {
            JsonNode first = client.nextJson("error");
            JsonNode second = client.nextJson("error");
            assertEquals(Map.of("broken", "node.config", "no-instructions", "node.config"), Map.of(
                    first.path("node_id").asText(), first.path("code").asText(),
                    second.path("node_id").asText(), second.path("code").asText()));
            client.sendText("{\"type\":\"inject\",\"text\":\"help me\"}");
            SessionClient.Message error = client.until(m -> m.isJson("error"));
            assertEquals("handoff.unknown_agent", error.json().path("code").asText());
            assertEquals("lost", error.json().path("node_id").asText());
            assertTrue(client.until(m -> m.isJson("transcript")).json().path("text").asText().contains("help me"));
            pod.awaitEvent(sid, "error", e -> "handoff.unknown_agent".equals(e.path("code").asText()));
            assertTrue(pod.events(sid).stream().noneMatch(e -> "handoff".equals(e.path("type").asText())));
        }
    }
}
