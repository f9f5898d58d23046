package io.mgw.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mgw.gateway.testing.WsTestClient;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The product as an app sees it, all three real processes together: create a session over REST (no deploy first: the
 * dev run's ephemeral deployment), open its {@code ws_url} with its {@code ws_token}, hear the echo agent, inject
 * text, end the session and get 1000.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionSocketE2EIT {

    @AutoClose
    private RealSystem system;

    @BeforeAll
    void start() throws Exception {
        system = new RealSystem("socket", Map.of());
    }

    @Test
    void anAppTalksToTheEchoAgentThroughTheGateway() throws Exception {
        String workflow = RealSystem.json(system.call("POST", "/api/v1/workflows", "{\"name\":\"echo agent\","
                + "\"workflowType\":\"streaming\",\"nodes\":[{\"id\":\"echo\",\"nodeId\":\"echo\"}]}")).path("workflowId").asText();
        JsonNode session = RealSystem.json(system.call("POST", "/api/v1/streaming-sessions",
                "{\"workflowId\":\"" + workflow + "\"}"));
        String sessionId = session.path("session_id").asText();
        URI wsUrl = URI.create(session.path("ws_url").asText() + "?ws_token=" + session.path("ws_token").asText());
        assertEquals(system.gatewayPort(), wsUrl.getPort(), "ws_url points at the gateway");

        try (WsTestClient client = WsTestClient.open(wsUrl)) {
            RealSystem.assertEchoes(client, 42); // the echo agent returns the caller's audio unchanged

            RealSystem.json(system.call("POST", "/api/v1/streaming-sessions/" + sessionId + "/inject",
                    "{\"text\":\"hello from ops\",\"role\":\"system\"}"));
            String transcript = null;
            for (int i = 0; i < 10 && transcript == null; i++) {
                String text = client.nextText(RealSystem.WAIT);
                if (text.contains("\"transcript\"")) {
                    transcript = text;
                }
            }
            assertTrue(transcript != null && transcript.contains("hello from ops") && transcript.contains("\"seq\":"),
                    String.valueOf(transcript));

            system.endSession(sessionId);
            assertEquals(1000, client.awaitClose(RealSystem.WAIT).code(), "the session ended: normal closure");
        }
    }
}
