package io.mgw.controlplane.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.mgw.adapters.contract.RedisKeys;
import io.mgw.adapters.contract.events.EventFactory;
import io.mgw.adapters.contract.events.EventJson;
import io.mgw.adapters.contract.events.RunEventType;
import io.mgw.controlplane.testing.Api;
import io.mgw.controlplane.testing.ControlPlaneTestSupport;
import io.mgw.controlplane.testing.Tenants;
import io.mgw.controlplane.testing.Tenants.Tenant;
import io.mgw.embedded.TestServices;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The durable queue's delivery rules and lost runs, with the dispatcher and the reaper driven by the test (their
 * schedules are off) against a stand-in for the runtime's {@code POST /internal/executions} that holds run leases in
 * the real Redis as a runtime does: the queue trigger's {@code maxAttempts} and {@code concurrency}, a runtime at its
 * run cap (429), and runs whose runtime died (no lease) being redelivered or failed.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueueDeliveryIT implements TestPropertyProvider {

    static final ObjectMapper JSON = new ObjectMapper();
    final String stream = "mgw:events:queue-it:" + UUID.randomUUID();
    /** Every request the runtime got, accepted or not. */
    final List<JsonNode> received = new CopyOnWriteArrayList<>();
    volatile int status = 202;
    /** Requests answered 429 before the status above applies again. */
    final AtomicInteger tooManyRuns = new AtomicInteger();
    volatile boolean holdsLeases = true;
    HttpServer runtime;
    RedisClient redisClient;
    StatefulRedisConnection<String, String> redis;
    @Inject
    EmbeddedServer server;
    @Inject
    QueueDispatcher dispatcher;
    @Inject
    LostRunReaper reaper;
    Api api;
    Tenant acme;

    @Override
    public Map<String, String> getProperties() {
        redisClient = RedisClient.create(TestServices.redisUrl());
        redis = redisClient.connect();
        try {
            runtime = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        runtime.createContext("/internal/executions", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            received.add(body);
            int answer = tooManyRuns.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 429 : status;
            if (answer == 202 && holdsLeases) {
                redis.sync().set(RedisKeys.run(body.path("execution_id").asText()), "fake-pod", SetArgs.Builder.ex(60));
            }
            byte[] bytes = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        runtime.start();
        Map<String, String> properties = new HashMap<>(ControlPlaneTestSupport.properties("queue_delivery"));
        properties.put("mgw.runtime-url", "http://127.0.0.1:" + runtime.getAddress().getPort());
        properties.put("mgw.events.stream", stream);
        properties.put("mgw.queue-poll-interval", "1h");
        properties.put("mgw.runs.reaper-interval", "1h");
        properties.put("mgw.runs.lost-after", "0s");
        properties.put("mgw.schedule-poll-interval", "1h");
        return properties;
    }

    @BeforeAll
    void tenants() {
        api = new Api(server.getURI());
        acme = Tenants.create(api, "acme");
    }

    @BeforeEach
    void runtimeAccepts() {
        status = 202;
        tooManyRuns.set(0);
        holdsLeases = true;
    }

    @AfterAll
    void stop() {
        runtime.stop(0);
        redis.sync().del(stream);
        redis.close();
        redisClient.shutdown();
    }

    private String queueWorkflow(Map<String, Object> queueConfig) {
        var created = api.post("/api/v1/workflows", acme.ownerKey(), Api.json(Map.of("name", "queued",
                "nodes", List.of(Map.of("id", "q", "nodeId", "queue-trigger", "config", queueConfig),
                        Map.of("id", "l", "nodeId", "log")),
                "connections", List.of(Map.of("sourceNodeId", "q", "targetNodeId", "l")))));
        assertEquals(201, created.status(), created.raw());
        String id = created.text("workflowId");
        assertEquals(200, api.put("/api/v1/workflows/" + id + "/status", acme.ownerKey(), Api.json(Map.of("status", "active"))).status());
        return id;
    }

    private String enqueue(String workflowId, int n) {
        var message = api.post("/api/v1/workflows/" + workflowId + "/enqueue", acme.ownerKey(), Api.json(Map.of("message", Map.of("n", n))));
        assertEquals(201, message.status(), message.raw());
        return message.text("executionId");
    }

    private List<JsonNode> requestsFor(String executionId) {
        return received.stream().filter(b -> executionId.equals(b.path("execution_id").asText())).toList();
    }

    private String statusOf(String executionId) {
        return api.get("/api/v1/executions/" + executionId, acme.ownerKey()).text("status");
    }

    private void publish(String executionId, String workflowId, long seq, RunEventType type, String payload) throws IOException {
        var event = EventFactory.systemUtc().executionEvent(acme.orgId(), null, executionId, workflowId, seq, type,
                (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(payload));
        redis.sync().xadd(stream, EventJson.toStreamEntry(event));
    }

    /** Runs {@code step} until {@code done} holds (deferred and retried messages become due again after a second). */
    private static void until(String what, Runnable step, BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            step.run();
            if (done.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void aMessageIsDeliveredMaxAttemptsTimesThenDeadLetteredAndItsRunFailed() {
        String workflow = queueWorkflow(Map.of("maxAttempts", 2));
        status = 500;
        String run = enqueue(workflow, 1);
        until("the run to fail", dispatcher::poll, () -> "failed".equals(statusOf(run)));
        assertEquals(2, requestsFor(run).size(), "maxAttempts deliveries, no more");
        var failed = api.get("/api/v1/executions/" + run, acme.ownerKey());
        assertTrue(failed.text("error").contains("500"), failed.raw());
    }

    @Test
    void concurrencyHoldsBackMessagesUntilARunEnds() throws Exception {
        String workflow = queueWorkflow(Map.of("concurrency", 1));
        String first = enqueue(workflow, 1);
        String second = enqueue(workflow, 2);
        dispatcher.poll();
        assertEquals(1, requestsFor(first).size());
        assertEquals(0, requestsFor(second).size(), "the second waits while the first is in progress");
        publish(first, workflow, 1, RunEventType.RUN_COMPLETED, "{\"runId\":\"" + first + "\",\"status\":\"completed\",\"output\":{}}");
        until("the second delivery", dispatcher::poll, () -> requestsFor(second).size() == 1);
        assertEquals("completed", statusOf(first));

        String pair = queueWorkflow(Map.of("concurrency", 2));
        List<String> runs = List.of(enqueue(pair, 1), enqueue(pair, 2), enqueue(pair, 3));
        dispatcher.poll();
        assertEquals(List.of(1, 1, 0), runs.stream().map(r -> requestsFor(r).size()).toList());
    }

    @Test
    void aRuntimeAtItsRunCapDefersTheMessageWithoutSpendingADelivery() {
        String workflow = queueWorkflow(Map.of("maxAttempts", 1));
        tooManyRuns.set(2);
        String run = enqueue(workflow, 1);
        until("a delivery the runtime took", dispatcher::poll, () -> requestsFor(run).size() == 3);
        assertEquals("queued", statusOf(run), "accepted and not failed, though maxAttempts is 1");
    }

    @Test
    void aRunWhoseRuntimeDiedIsRedeliveredAfterItsEventsThenFailsWhenItsDeliveriesAreSpent() throws Exception {
        String workflow = queueWorkflow(Map.of("maxAttempts", 2));
        holdsLeases = false;
        String run = enqueue(workflow, 1);
        dispatcher.poll();
        assertEquals(1, requestsFor(run).get(0).path("first_seq").asLong());
        publish(run, workflow, 1, RunEventType.RUN_STARTED, "{\"runId\":\"" + run + "\",\"workflowId\":\"" + workflow + "\"}");
        publish(run, workflow, 2, RunEventType.STEP_STARTED, "{\"stepId\":\"q\",\"toolId\":\"queue-trigger\"}");
        until("the run to start", () -> { }, () -> "running".equals(statusOf(run)) && api.get("/api/v1/executions/" + run,
                acme.ownerKey()).json().path("events").size() == 2);

        reaper.reap();
        assertEquals("queued", statusOf(run), "lost with a delivery left: queued again");
        dispatcher.poll();
        assertEquals(2, requestsFor(run).size());
        assertEquals(3, requestsFor(run).get(1).path("first_seq").asLong(), "the new attempt continues after seq 2");

        reaper.reap();
        var failed = api.get("/api/v1/executions/" + run, acme.ownerKey());
        assertEquals("failed", failed.text("status"));
        assertTrue(failed.text("error").contains("lost"), failed.raw());
        var events = failed.json().path("events");
        var closing = events.get(events.size() - 1);
        assertEquals("run_failed", closing.path("type").asText(), "watchers get the end no runtime will send: " + events);
        assertEquals(3, closing.path("seq").asLong(), "right after the last stored event");
        assertTrue(closing.path("error").asText().contains("lost"), closing.toString());
    }

    @Test
    void aRunIsLostOnlyOnceItsLeaseIsGone() {
        var created = api.post("/api/v1/workflows", acme.ownerKey(), Api.json(Map.of("name", "draft",
                "nodes", List.of(Map.of("id", "a", "nodeId", "api-trigger")))));
        var executed = api.post("/api/v1/workflows/" + created.text("workflowId") + "/execute", acme.ownerKey(), "{}");
        assertEquals(201, executed.status(), executed.raw());
        String run = executed.text("executionId");
        reaper.reap();
        assertEquals("queued", statusOf(run), "its runtime holds the lease");
        redis.sync().del(RedisKeys.run(run));
        reaper.reap();
        assertEquals("failed", statusOf(run), "the pod is gone");
    }
}
