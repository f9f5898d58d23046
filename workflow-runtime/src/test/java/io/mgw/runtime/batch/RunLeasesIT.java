package io.mgw.runtime.batch;

import static io.mgw.runtime.batch.BatchExecutionIT.definition;
import static io.mgw.runtime.batch.BatchExecutionIT.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.contract.InternalApi;
import io.mgw.adapters.contract.RedisKeys;
import io.mgw.adapters.contract.events.EventJson;
import io.mgw.adapters.contract.events.EventReadResult;
import io.mgw.adapters.contract.events.ExecutionEvent;
import io.mgw.adapters.frame.FrameJson;
import io.mgw.embedded.TestServices;
import io.mgw.runtime.testing.Await;
import io.mgw.runtime.testing.RedisProbe;
import io.mgw.runtime.testing.RuntimeHarness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The lease a runtime holds on each batch run in Redis, which the control plane reads to find runs whose pod died. */
class RunLeasesIT {

    @Test
    void aRunHoldsAnExpiringLeaseWhileItRunsThenSaysDoneAndItsEventsStartAtFirstSeq() throws Exception {
        String podId = RuntimeHarness.uniquePodId();
        String stream = "mgw:events:lease-it:" + UUID.randomUUID();
        try (RuntimeHarness runtime = new RuntimeHarness(Map.of("MGW_POD_ID", podId, "MGW_EVENTS_STREAM", stream));
             RedisProbe redis = new RedisProbe(TestServices.redisUrl())) {
            String executionId = UUID.randomUUID().toString();
            ObjectNode body = FrameJson.mapper().createObjectNode().put("execution_id", executionId)
                    .put("organization_id", "org_leaseit").put("workflow_id", "wf_leaseit00000000000")
                    .put("first_seq", 5);
            body.set("definition", definition(List.of(node("t", "api-trigger", Map.of()),
                    node("d", "delay", Map.of("durationMs", 1200))), Map.of(), "t->d"));
            assertEquals(202, runtime.internal("POST", InternalApi.RUNTIME_EXECUTIONS_PATH, body.toString()).statusCode());
            String key = RedisKeys.run(executionId);
            Await.until(Duration.ofSeconds(5), "the lease", () -> podId.equals(redis.redis().get(key)));
            long ttl = redis.redis().ttl(key);
            assertTrue(ttl > 0 && ttl <= RedisKeys.RUN_TTL_SECONDS, "a running run's lease expires unless refreshed: " + ttl);

            Await.until(Duration.ofSeconds(10), "the run to end", () -> RedisKeys.RUN_DONE.equals(redis.redis().get(key)));
            assertTrue(redis.redis().ttl(key) > RedisKeys.RUN_TTL_SECONDS, "an ended run's lease outlives the event's delivery");
            List<Long> seqs = new java.util.ArrayList<>();
            for (var entry : redis.redis().xrange(stream, io.lettuce.core.Range.create("-", "+"))) {
                if (EventJson.fromStreamEntry(entry.getBody()) instanceof EventReadResult.Ok ok
                        && ok.event() instanceof ExecutionEvent event && event.executionId().equals(executionId)) {
                    seqs.add(event.seq());
                }
            }
            assertEquals(5L, seqs.get(0), "events continue from first_seq: " + seqs);
            for (int i = 1; i < seqs.size(); i++) {
                assertEquals(seqs.get(i - 1) + 1, seqs.get(i), seqs.toString());
            }
            redis.redis().del(stream);
        }
    }
}
