package io.mgw.runtime.batch;

import static io.mgw.runtime.batch.BatchExecutionIT.definition;
import static io.mgw.runtime.batch.BatchExecutionIT.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.contract.InternalApi;
import io.mgw.adapters.frame.FrameJson;
import io.mgw.runtime.testing.Await;
import io.mgw.runtime.testing.RuntimeHarness;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The per-deployment cap on concurrent batch runs ({@code MGW_MAX_RUNS_PER_DEPLOYMENT}): a clear 429, never a wait. */
class BatchRunCapIT {

    static final String STREAM = "mgw:events:cap-it:" + UUID.randomUUID();
    static RuntimeHarness runtime;

    @BeforeAll
    static void start() {
        runtime = new RuntimeHarness(Map.of("MGW_EVENTS_STREAM", STREAM, "MGW_POD_ID", RuntimeHarness.uniquePodId(),
                "MGW_MAX_RUNS_PER_DEPLOYMENT", "1"));
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    static ObjectNode slowGraph() {
        return definition(List.of(node("t", "api-trigger", Map.of()), node("d", "delay", Map.of("durationMs", 1500))),
                Map.of(), "t->d");
    }

    static String execution(String workflowId) {
        ObjectNode body = FrameJson.mapper().createObjectNode();
        body.put("organization_id", "org_capit").put("workflow_id", workflowId).set("definition", slowGraph());
        return body.toString();
    }

    @Test
    void aSecondTriggerOfABusyDeploymentIs429UntilTheFirstRunEnds() throws Exception {
        String deploymentId = RuntimeHarness.uniqueDeploymentId();
        ObjectNode spec = slowGraph().put("organization_id", "org_capit").put("workflow_id", "wf_capit0000000000000");
        assertEquals(201, runtime.internal("PUT", InternalApi.runtimeDeploymentPath(deploymentId), spec.toString()).statusCode());

        HttpResponse<String> first = runtime.internal("POST", InternalApi.runtimeTriggerPath(deploymentId), "{}");
        assertEquals(200, first.statusCode(), first.body());
        long before = System.nanoTime();
        HttpResponse<String> second = runtime.internal("POST", InternalApi.runtimeTriggerPath(deploymentId), "{\"sync\":true}");
        long waitedMillis = (System.nanoTime() - before) / 1_000_000;
        assertEquals(429, second.statusCode(), second.body());
        JsonNode error = FrameJson.mapper().readTree(second.body());
        assertEquals("too_many_runs", error.path("error").asText());
        assertTrue(error.path("message").asText().contains(deploymentId), error.toString());
        assertTrue(waitedMillis < 1500, "refused at once, not after the running one: " + waitedMillis + " ms");

        Await.until(Duration.ofSeconds(10), "the first run to end", () -> runtime.server().batch().active() == 0);
        HttpResponse<String> third = runtime.internal("POST", InternalApi.runtimeTriggerPath(deploymentId), "{\"sync\":true}");
        assertEquals(200, third.statusCode(), third.body());
        assertEquals("completed", FrameJson.mapper().readTree(third.body()).path("status").asText());
    }

    @Test
    void draftRunsAreCappedPerWorkflow() throws Exception {
        HttpResponse<String> first = runtime.internal("POST", InternalApi.RUNTIME_EXECUTIONS_PATH, execution("wf_capitdraft00000001"));
        assertEquals(202, first.statusCode(), first.body());
        HttpResponse<String> same = runtime.internal("POST", InternalApi.RUNTIME_EXECUTIONS_PATH, execution("wf_capitdraft00000001"));
        assertEquals(429, same.statusCode(), same.body());
        assertEquals("too_many_runs", FrameJson.mapper().readTree(same.body()).path("error").asText());
        HttpResponse<String> other = runtime.internal("POST", InternalApi.RUNTIME_EXECUTIONS_PATH, execution("wf_capitdraft00000002"));
        assertEquals(202, other.statusCode(), other.body());
    }
}
