package io.mgw.adapters.contract.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunTimeLimitTest {

    private static ObjectNode settings(Object timeout) {
        ObjectNode s = JsonNodeFactory.instance.objectNode().put("retryOnFailure", true);
        if (timeout instanceof Integer seconds) {
            s.put("timeout", seconds);
        } else if (timeout instanceof String text) {
            s.put("timeout", text);
        }
        return s;
    }

    @Test
    void theShorterOfTheWorkflowsTimeoutAndTheLimitWins() {
        Duration limit = Duration.ofSeconds(300);
        assertEquals(300.0, RunTimeLimit.cap(settings(3600), limit).get("timeout").asDouble(), "a longer timeout is cut");
        assertEquals(60, RunTimeLimit.cap(settings(60), limit).get("timeout").asInt(), "a shorter one stays");
        assertEquals(300.0, RunTimeLimit.cap(settings(null), limit).get("timeout").asDouble(), "none: the limit");
        assertEquals(300.0, RunTimeLimit.cap(settings("soon"), limit).get("timeout").asDouble(), "malformed: the limit");
        assertEquals(0.5, RunTimeLimit.cap(null, Duration.ofMillis(500)).get("timeout").asDouble(), "no settings at all");
        assertEquals(true, RunTimeLimit.cap(settings(3600), limit).get("retryOnFailure").asBoolean(), "the rest kept");
    }

    @Test
    void theWorkflowsOwnSettingsAreNotChangedAndNoLimitChangesNothing() {
        ObjectNode own = settings(3600);
        RunTimeLimit.cap(own, Duration.ofSeconds(5));
        assertEquals(3600, own.get("timeout").asInt(), "a copy is capped");
        assertEquals(3600, RunTimeLimit.cap(own, null).get("timeout").asInt());
    }
}
