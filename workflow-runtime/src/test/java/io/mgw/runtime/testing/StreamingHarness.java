package io.mgw.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.mgw.adapters.contract.InternalApi;
import io.mgw.adapters.contract.RedisKeys;
import io.mgw.adapters.frame.FrameJson;
import io.mgw.embedded.TestServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * A real runtime for streaming-node tests with its own events stream: deploys a graph, opens gateway links to
 * sessions, and reads the session's events back from Redis.
 */
public final class StreamingHarness implements AutoCloseable {

    private final String events = "it:events:" + UUID.randomUUID();
    private final RuntimeHarness runtime;
    private final RedisProbe redis = new RedisProbe(TestServices.redisUrl());

    /** A runtime with {@code env} on top of the test settings. */
    public StreamingHarness(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("MGW_POD_ID", RuntimeHarness.uniquePodId());
        all.put("MGW_EVENTS_STREAM", events);
        this.runtime = new RuntimeHarness(all);
    }

    public RuntimeHarness runtime() {
        return runtime;
    }

    /** Hosts a streaming deployment of {@code nodes} and {@code connections} (JSON arrays); returns its id. */
    public String deploy(String nodes, String connections) throws Exception {
        String id = RuntimeHarness.uniqueDeploymentId();
        String spec = "{\"deployment_id\":\"" + id + "\",\"organization_id\":\"org_it\",\"workflow_id\":\"wf_abcdefghijklmnop\","
                + "\"workflow_type\":\"streaming\",\"nodes\":" + nodes + ",\"connections\":" + connections + "}";
        var response = runtime.internal("PUT", InternalApi.runtimeDeploymentPath(id), spec);
        assertEquals(201, response.statusCode(), response.body());
        return id;
    }

    /** A new session of {@code deployment}, linked as a gateway would. */
    public SessionClient connect(String sessionId, String deployment) {
        return SessionClient.connect(runtime.server().port(), sessionId, deployment, false);
    }

    public static String sessionId() {
        return "sess_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    /** The events of {@code sessionId} on the events stream, in order. */
    public List<JsonNode> events(String sessionId) {
        List<JsonNode> found = new ArrayList<>();
        for (StreamMessage<String, String> entry : redis.redis().xrange(events, Range.create("-", "+"))) {
            try {
                JsonNode event = FrameJson.mapper().readTree(entry.getBody().get(RedisKeys.EVENT_FIELD));
                if (sessionId.equals(event.path("session_id").asText())) {
                    found.add(event);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return found;
    }

    /** Waits for an event of {@code type} of the session that matches. */
    public JsonNode awaitEvent(String sessionId, String type, Predicate<JsonNode> match) {
        JsonNode[] hit = new JsonNode[1];
        Await.until(Duration.ofSeconds(10), type + " event of " + sessionId, () -> {
            for (JsonNode event : events(sessionId)) {
                if (type.equals(event.path("type").asText()) && match.test(event)) {
                    hit[0] = event;
                    return true;
                }
            }
            return false;
        });
        return hit[0];
    }

    @Override
    public void close() {
        runtime.close();
        redis.redis().del(events);
        redis.close();
    }
}
