package io.mgw.runtime.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.mgw.adapters.contract.InternalApi;
import io.mgw.adapters.contract.events.EventJson;
import io.mgw.adapters.contract.events.EventReadResult;
import io.mgw.adapters.contract.events.ExecutionEvent;
import io.mgw.adapters.frame.FrameJson;
import io.mgw.embedded.TestServices;
import io.mgw.runtime.testing.Await;
import io.mgw.runtime.testing.RedisProbe;
import io.mgw.runtime.testing.RuntimeHarness;
import io.mgw.runtime.testing.TestMariaDb;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Batch runs through the runtime's real endpoints: every work node with its failure case, retries per settings,
 * sync triggers, and the run's events in order on a real Redis stream. A loopback JDK HttpServer is the
 * http-request target; a fresh PostgreSQL database is the customer data source.
 */
class BatchExecutionIT {

    static final String STREAM = "mgw:events:batch-it:" + UUID.randomUUID();
    static RuntimeHarness runtime;
    static RedisProbe redis;
    static HttpServer target;
    static final AtomicInteger flakyCalls = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        String customerDb = TestServices.createDatabase("batch_customer");
        try (Connection c = DriverManager.getConnection(customerDb); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id int PRIMARY KEY, name text)");
            s.execute("INSERT INTO customers VALUES (1, 'Ada'), (2, 'Grace')");
        }
        String shopDb = TestMariaDb.createDatabase("batch_shop");
        try (Connection c = DriverManager.getConnection(shopDb); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id int PRIMARY KEY, item varchar(40), total decimal(8,2))");
            s.execute("INSERT INTO orders VALUES (1, 'pen', 2.50), (2, 'ink', 7.25), (3, 'pad', 4.00)");
        }
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/ok", exchange -> respond(exchange, 200, "{\"user\":{\"id\":42,\"name\":\"Ada\"}}"));
        target.createContext("/fail", exchange -> respond(exchange, 500, "{\"error\":\"boom\"}"));
        target.createContext("/slow", exchange -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 200, "{}");
        });
        target.createContext("/flaky", exchange -> respond(exchange, flakyCalls.incrementAndGet() == 1 ? 503 : 200,
                "{\"attempt\":" + flakyCalls.get() + "}"));
        target.createContext("/echo", exchange -> respond(exchange, 200,
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        target.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        target.start();
        runtime = new RuntimeHarness(Map.of("MGW_EVENTS_STREAM", STREAM, "MGW_POD_ID", RuntimeHarness.uniquePodId(),
                "MGW_DATASOURCES", "crm=" + customerDb + ";shop=" + shopDb.replace("jdbc:mariadb:", "jdbc:mysql:")));
        redis = new RedisProbe(TestServices.redisUrl());
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
        if (redis != null) {
            redis.redis().del(STREAM);
            redis.close();
        }
        if (target != null) {
            target.stop(0);
        }
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws java.io.IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    static String url(String path) {
        return "http://127.0.0.1:" + target.getAddress().getPort() + path;
    }

    // ------------------------------------------------------------------ graph building

    static ObjectNode node(String id, String type, Map<String, Object> config) {
        ObjectNode node = FrameJson.mapper().createObjectNode();
        node.put("id", id);
        node.put("nodeId", type);
        node.set("config", FrameJson.mapper().valueToTree(config));
        return node;
    }

    static ObjectNode definition(List<ObjectNode> nodes, Map<String, Object> settings, String... links) {
        ObjectNode definition = FrameJson.mapper().createObjectNode();
        ArrayNode array = definition.putArray("nodes");
        nodes.forEach(array::add);
        ArrayNode connections = definition.putArray("connections");
        for (String link : links) {
            String[] parts = link.split("->");
            String[] source = parts[0].split(":");
            ObjectNode connection = connections.addObject();
            connection.put("sourceNodeId", source[0]);
            if (source.length > 1) {
                connection.put("sourcePort", source[1]);
            }
            connection.put("targetNodeId", parts[1]);
        }
        definition.set("settings", FrameJson.mapper().valueToTree(settings));
        return definition;
    }

    /** Posts to /internal/executions and waits for the terminal event; returns the run's events in stream order. */
    static List<ExecutionEvent> execute(ObjectNode definition, Map<String, Object> inputs) throws Exception {
        String executionId = UUID.randomUUID().toString();
        ObjectNode body = FrameJson.mapper().createObjectNode();
        body.put("execution_id", executionId);
        body.put("organization_id", "org_batchit");
        body.put("workflow_id", "wf_batchit0000000000");
        body.set("definition", definition);
        body.set("inputs", FrameJson.mapper().valueToTree(inputs));
        HttpResponse<String> accepted = runtime.internal("POST", InternalApi.RUNTIME_EXECUTIONS_PATH, body.toString());
        assertEquals(202, accepted.statusCode(), accepted.body());
        assertEquals(executionId, FrameJson.mapper().readTree(accepted.body()).path("execution_id").asText());
        Await.until(Duration.ofSeconds(20), "the run's terminal event", () -> events(executionId).stream()
                .anyMatch(e -> e.event().terminal()));
        return events(executionId);
    }

    static List<ExecutionEvent> events(String executionId) {
        List<ExecutionEvent> found = new ArrayList<>();
        for (StreamMessage<String, String> message : redis.redis().xrange(STREAM, Range.create("-", "+"))) {
            if (EventJson.fromStreamEntry(message.getBody()) instanceof EventReadResult.Ok ok
                    && ok.event() instanceof ExecutionEvent event && event.executionId().equals(executionId)) {
                found.add(event);
            }
        }
        return found;
    }

    static List<String> names(List<ExecutionEvent> events) {
        return events.stream().map(e -> e.event().wireName() + (e.payload().has("stepId") ? ":" + e.payload().get("stepId").asText() : "")).toList();
    }

    static ExecutionEvent last(List<ExecutionEvent> events) {
        return events.get(events.size() - 1);
    }

    // ------------------------------------------------------------------ tests

    @Test
    void runEventsArriveInOrderWithSeqFromOneAndTheTransformOutput() throws Exception {
        var events = execute(definition(List.of(node("t", "api-trigger", Map.of()),
                node("x", "transform", Map.of("mappings", Map.of("userId", "data.user.id", "first", "items[0].name")))),
                Map.of(), "t->x"), Map.of("user", Map.of("id", 7), "items", List.of(Map.of("name", "pen"))));
        assertEquals(List.of("run_started", "step_started:t", "step_completed:t", "step_started:x", "step_completed:x",
                "run_completed"), names(events));
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.get(i).seq());
            assertEquals("org_batchit", events.get(i).org());
        }
        assertEquals(FrameJson.mapper().readTree("{\"userId\":7,\"first\":\"pen\"}"), last(events).payload().get("output"));
        assertEquals("completed", last(events).payload().get("status").asText());
        assertEquals("transform", events.get(3).payload().get("toolId").asText());
    }

    @Test
    void transformWithoutMappingsIsABadConfigStepFailure() throws Exception {
        var events = execute(definition(List.of(node("t", "api-trigger", Map.of()), node("x", "transform", Map.of())),
                Map.of(), "t->x"), Map.of());
        assertEquals(List.of("run_started", "step_started:t", "step_completed:t", "step_started:x", "step_failed:x",
                "run_failed"), names(events));
        assertEquals("bad_config", events.get(4).payload().get("code").asText());
        assertTrue(last(events).payload().get("error").asText().contains("mappings"), last(events).payload().toString());
    }

    @Test
    void httpRequestOutputsTheParsedResponseAndTheNextNodeMapsIt() throws Exception {
        var events = execute(definition(List.of(node("t", "api-trigger", Map.of()),
                node("h", "http-request", Map.of("url", url("/ok"))),
                node("x", "transform", Map.of("mappings", Map.of("id", "body.user.id")))), Map.of(), "t->h", "h->x"), Map.of());
        assertEquals("run_completed", last(events).event().wireName(), names(events).toString());
        assertEquals(42, last(events).payload().get("output").get("id").asInt());
        JsonNode httpResult = events.stream().filter(e -> e.event().wireName().equals("step_completed")
                && e.payload().get("stepId").asText().equals("h")).findFirst().orElseThrow().payload().get("result");
        assertEquals(200, httpResult.get("status").asInt());
    }

    @Test
    void httpErrorStatusFailsTheStepAndTheRun() throws Exception {
        var events = execute(definition(List.of(node("t", "api-trigger", Map.of()),
                node("h", "http-request", Map.of("url", url("/fail")))), Map.of(), "t->h"), Map.of());
        assertEquals(List.of("run_started", "step_started:t", "step_completed:t", "step_started:h", "step_failed:h",
                "run_failed"), names(events));
        assertEquals("http_error", events.get(4).payload().get("code").asText());
        assertTrue(events.get(4).payload().get("error").asText().contains("500"));
    }

    @Test
    void httpErrorContinuesOnTheErrorPortWhenConnected() throws Exception {
        var events = execute(definition(List.of(node("t", "api-trigger", Map.of()),
                node("h", "http-request", Map.of("url", url("/fail"))),
                node("s", "set", Map.of("values", Map.of("handled", true)))), Map.of(), "t->h", "h:error->s"), Map.of());
        assertEquals("run_completed", last(events).event().wireName());
        assertTrue(last(events).payload().get("output").get("handled").asBoolean());
        assertEquals("http_error", last(events).payload().get("output").get("error").get("code").asText());
    }

    @Test
    void httpTimeoutIsAStepFailureAndThePodKeepsServing() throws Exception {
        var events = execute(definition(List.of(node("t", "api-trigger", Map.of()),
                node("h", "http-request", Map.of("url", url("/slow"), "timeoutMs", 300))), Map.of(), "t->h"), Map.of());
        assertEquals("step_failed", events.get(4).event().wireName());
        assertEquals("timeout", events.get(4).payload().get("code").asText());
        assertEquals("run_failed", last(events).event().wireName());
        assertEquals(200, runtime.get("/health").statusCode());
    }

    @Test
    void httpRequestWithARelativeUrlIsBadConfig() throws Exception {
        var events = execute(definition(List.of(node("t", "api-trigger", Map.of()),
                node("h", "http-request", Map.of("url", "/relative"))), Map.of(), "t->h"), Map.of());
        assertEquals("bad_config", events.get(4).payload().get("code").asText());
    }

    @Test
    void retryOnFailureRetriesAFlakyTargetUntilItSucceeds() throws Exception {
        flakyCalls.set(0);
        var events = execute(definition(List.of(node("t", "api-trigger", Map.of()),
                node("h", "http-request", Map.of("url", url("/flaky")))),
                Map.of("retryOnFailure", true, "maxRetries", 2), "t->h"), Map.of());
        assertEquals(List.of("run_started", "step_started:t", "step_completed:t", "step_started:h", "step_progress:h",
                "step_completed:h", "run_completed"), names(events), events.toString());
        assertTrue(events.get(4).payload().get("message").asText().contains("retrying"));
        assertEquals(2, last(events).payload().get("output").get("body").get("attempt").asInt());
        assertEquals(2, flakyCalls.get());
    }

    @Test
    void withoutRetryOnFailureAFlakyTargetFailsTheRun() throws Exception {
        flakyCalls.set(0);
        var events = execute(definition(List.of(node("t", "api-trigger", Map.of()),
                node("h", "http-request", Map.of("url", url("/flaky")))),
                Map.of("retryOnFailure", false, "maxRetries", 3), "t->h"), Map.of());
        assertEquals("run_failed", last(events).event().wireName());
        assertEquals(1, flakyCalls.get());
    }

    @Test
    void conditionRoutesOnTheTrueOrFalsePort() throws Exception {
        ObjectNode definition = definition(List.of(node("t", "api-trigger", Map.of()),
                node("c", "condition", Map.of("expression", "data.plan == \"pro\" && data.seats > 5")),
                node("yes", "set", Map.of("values", Map.of("branch", "yes"))),
                node("no", "set", Map.of("values", Map.of("branch", "no")))), Map.of(), "c:true->yes", "c:false->no", "t->c");
        assertEquals("yes", last(execute(definition, Map.of("plan", "pro", "seats", 10))).payload().get("output").get("branch").asText());
        assertEquals("no", last(execute(definition, Map.of("plan", "pro", "seats", 2))).payload().get("output").get("branch").asText());
    }

    @Test
    void conditionWithABadExpressionIsBadConfig() throws Exception {
        var events = execute(definition(List.of(node("t", "api-trigger", Map.of()),
                node("c", "condition", Map.of("expression", "data.plan == "))), Map.of(), "t->c"), Map.of());
        assertEquals("bad_config", events.get(4).payload().get("code").asText());
        assertEquals("run_failed", last(events).event().wireName());
    }

    @Test
    void delayWaitsAndDelayOverTheNodeTimeoutFails() throws Exception {
        var ok = execute(definition(List.of(node("t", "api-trigger", Map.of()), node("d", "delay", Map.of("durationMs", 50))),
                Map.of(), "t->d"), Map.of("a", 1));
        assertEquals("run_completed", last(ok).event().wireName());
        var slow = execute(definition(List.of(node("t", "api-trigger", Map.of()),
                node("d", "delay", Map.of("durationMs", 5_000, "timeoutMs", 200))), Map.of(), "t->d"), Map.of());
        assertTrue(names(slow).contains("step_failed:d"), names(slow).toString());
        assertEquals("run_failed", last(slow).event().wireName());
        var missing = execute(definition(List.of(node("t", "api-trigger", Map.of()), node("d", "delay", Map.of())),
                Map.of(), "t->d"), Map.of());
        assertEquals("bad_config", missing.get(4).payload().get("code").asText());
    }

    @Test
    void workflowTimeoutEndsTheRun() throws Exception {
        var events = execute(definition(List.of(node("t", "api-trigger", Map.of()), node("d", "delay", Map.of("durationMs", 10_000))),
                Map.of("timeout", 0.5), "t->d"), Map.of());
        assertEquals("run_failed", last(events).event().wireName());
        assertTrue(last(events).payload().get("error").asText().contains("timed out"), last(events).payload().toString());
    }

    @Test
    void setAndLogPassValuesOnAndBadConfigFails() throws Exception {
        var events = execute(definition(List.of(node("t", "api-trigger", Map.of()),
                node("s", "set", Map.of("values", Map.of("status", "new"))), node("l", "log", Map.of("message", "hello"))),
                Map.of(), "t->s", "s->l"), Map.of("id", 3));
        assertEquals("{\"id\":3,\"status\":\"new\"}", last(events).payload().get("output").toString());
        assertTrue(names(events).contains("step_progress:l"));
        var badSet = execute(definition(List.of(node("t", "api-trigger", Map.of()), node("s", "set", Map.of("values", "x"))),
                Map.of(), "t->s"), Map.of());
        assertEquals("bad_config", badSet.get(4).payload().get("code").asText());
        var badLog = execute(definition(List.of(node("t", "api-trigger", Map.of()), node("l", "log", Map.of("level", "loud"))),
                Map.of(), "t->l"), Map.of());
        assertEquals("bad_config", badLog.get(4).payload().get("code").asText());
    }

    @Test
    void postgresQueryReadsTheNamedDataSourceWithParameters() throws Exception {
        var events = execute(definition(List.of(node("t", "api-trigger", Map.of()),
                node("q", "postgres-query", Map.of("dataSource", "crm", "query", "SELECT id, name FROM customers WHERE id = $1",
                        "params", List.of("data.customerId")))), Map.of(), "t->q"), Map.of("customerId", 2));
        assertEquals("run_completed", last(events).event().wireName(), names(events).toString());
        assertEquals("[{\"id\":2,\"name\":\"Grace\"}]", last(events).payload().get("output").get("rows").toString());
    }

    @Test
    void postgresQueryFailuresAreStepFailures() throws Exception {
        var unknown = execute(definition(List.of(node("t", "api-trigger", Map.of()),
                node("q", "postgres-query", Map.of("dataSource", "platform", "query", "SELECT 1"))), Map.of(), "t->q"), Map.of());
        assertEquals("bad_config", unknown.get(4).payload().get("code").asText());
        var badSql = execute(definition(List.of(node("t", "api-trigger", Map.of()),
                node("q", "postgres-query", Map.of("dataSource", "crm", "query", "SELECT * FROM nowhere"))), Map.of(), "t->q"), Map.of());
        assertEquals("query_error", badSql.get(4).payload().get("code").asText());
        assertEquals("run_failed", last(badSql).event().wireName());
    }

    @Test
    void mysqlSourceReadsTheNamedMysqlDataSourceWithParameters() throws Exception {
        var events = execute(definition(List.of(node("t", "api-trigger", Map.of()),
                node("q", "mysql-source", Map.of("dataSource", "shop",
                        "query", "SELECT id, item, total FROM orders WHERE total > $1 ORDER BY id", "params", List.of("data.min")))),
                Map.of(), "t->q"), Map.of("min", 3));
        assertEquals("run_completed", last(events).event().wireName(), names(events).toString());
        assertEquals("[{\"id\":2,\"item\":\"ink\",\"total\":7.25},{\"id\":3,\"item\":\"pad\",\"total\":4}]",
                last(events).payload().get("output").get("rows").toString());
        assertEquals(2, last(events).payload().get("output").get("rowCount").asInt());
    }

    @Test
    void aSqlNodeOnTheOtherKindOfDatabaseOrBadSqlIsAStepFailure() throws Exception {
        var mysqlOnPostgres = execute(definition(List.of(node("t", "api-trigger", Map.of()),
                node("q", "mysql-source", Map.of("dataSource", "crm", "query", "SELECT 1"))), Map.of(), "t->q"), Map.of());
        assertEquals("bad_config", mysqlOnPostgres.get(4).payload().get("code").asText());
        assertTrue(mysqlOnPostgres.get(4).payload().get("error").asText().contains("not a MySQL database"),
                mysqlOnPostgres.get(4).payload().toString());
        var postgresOnMysql = execute(definition(List.of(node("t", "api-trigger", Map.of()),
                node("q", "postgres-query", Map.of("dataSource", "shop", "query", "SELECT 1"))), Map.of(), "t->q"), Map.of());
        assertEquals("bad_config", postgresOnMysql.get(4).payload().get("code").asText());
        var badSql = execute(definition(List.of(node("t", "api-trigger", Map.of()),
                node("q", "mysql-source", Map.of("dataSource", "shop", "query", "SELECT * FROM nowhere"))), Map.of(), "t->q"), Map.of());
        assertEquals("query_error", badSql.get(4).payload().get("code").asText());
        assertEquals("run_failed", last(badSql).event().wireName());
    }

    @Test
    void streamingOnlyNodeInABatchRunIsAStepFailure() throws Exception {
        var events = execute(definition(List.of(node("t", "api-trigger", Map.of()), node("e", "echo", Map.of())),
                Map.of(), "t->e"), Map.of());
        assertEquals("bad_config", events.get(4).payload().get("code").asText());
    }

    @Test
    void eachTriggerKindStartsAtItsTriggerNode() throws Exception {
        for (String kind : List.of("queue", "email", "event", "webhook", "schedule")) {
            Map<String, Object> config = kind.equals("event") ? Map.of("eventType", "user.created")
                    : kind.equals("schedule") ? Map.of("cron", "0 * * * *") : Map.of();
            ObjectNode definition = definition(List.of(node("api", "api-trigger", Map.of()), node("k", kind + "-trigger", config),
                    node("s", "set", Map.of("values", Map.of("via", kind)))), Map.of(), "k->s");
            String executionId = UUID.randomUUID().toString();
            ObjectNode body = FrameJson.mapper().createObjectNode().put("execution_id", executionId)
                    .put("organization_id", "org_batchit").put("workflow_id", "wf_batchit0000000000").put("trigger_type", kind);
            body.set("definition", definition);
            body.set("inputs", FrameJson.mapper().valueToTree(Map.of("n", 1)));
            assertEquals(202, runtime.internal("POST", InternalApi.RUNTIME_EXECUTIONS_PATH, body.toString()).statusCode());
            Await.until(Duration.ofSeconds(10), kind + " run", () -> events(executionId).stream().anyMatch(e -> e.event().terminal()));
            var events = events(executionId);
            assertEquals("{\"n\":1,\"via\":\"" + kind + "\"}", last(events).payload().get("output").toString(), kind);
            assertEquals("step_started:k", names(events).get(1));
        }
    }

    @Test
    void executionsEndpointRefusesBadRequests() throws Exception {
        assertEquals(401, runtime.send("POST", InternalApi.RUNTIME_EXECUTIONS_PATH, "{}", Map.of()).statusCode());
        assertEquals(405, runtime.internal("GET", InternalApi.RUNTIME_EXECUTIONS_PATH, null).statusCode());
        HttpResponse<String> malformed = runtime.internal("POST", InternalApi.RUNTIME_EXECUTIONS_PATH, "{nope");
        assertEquals(400, malformed.statusCode());
        assertTrue(malformed.body().contains("malformed_json"));
        HttpResponse<String> noDefinition = runtime.internal("POST", InternalApi.RUNTIME_EXECUTIONS_PATH,
                "{\"organization_id\":\"o\",\"workflow_id\":\"w\"}");
        assertEquals(400, noDefinition.statusCode());
        assertTrue(noDefinition.body().contains("definition"));
        HttpResponse<String> badId = runtime.internal("POST", InternalApi.RUNTIME_EXECUTIONS_PATH,
                "{\"execution_id\":\"x\",\"organization_id\":\"o\",\"workflow_id\":\"w\",\"definition\":{\"nodes\":[]}}");
        assertEquals(400, badId.statusCode());
        assertTrue(badId.body().contains("execution_id"));
    }

    @Test
    void syncTriggerReturnsTheRunsOutputAndAsyncAnswersAtOnce() throws Exception {
        String deploymentId = RuntimeHarness.uniqueDeploymentId();
        ObjectNode spec = definition(List.of(node("t", "http-trigger", Map.of()),
                node("x", "transform", Map.of("mappings", Map.of("greeting", "data.name")))), Map.of(), "t->x");
        spec.put("deployment_id", deploymentId).put("organization_id", "org_batchit").put("workflow_id", "wf_trigger00000000000")
                .put("workflow_type", "batch");
        assertEquals(201, runtime.internal("PUT", InternalApi.runtimeDeploymentPath(deploymentId), spec.toString()).statusCode());
        try {
            HttpResponse<String> sync = runtime.internal("POST", InternalApi.runtimeTriggerPath(deploymentId),
                    "{\"inputs\":{\"name\":\"Ada\"},\"sync\":true}");
            assertEquals(200, sync.statusCode(), sync.body());
            JsonNode answer = FrameJson.mapper().readTree(sync.body());
            assertEquals("completed", answer.get("status").asText());
            assertEquals("{\"greeting\":\"Ada\"}", answer.get("output").toString());
            assertEquals("wf_trigger00000000000", answer.get("workflow_id").asText());
            UUID.fromString(answer.get("execution_id").asText());

            HttpResponse<String> async = runtime.internal("POST", InternalApi.runtimeTriggerPath(deploymentId),
                    "{\"inputs\":{\"name\":\"Bo\"}}");
            JsonNode started = FrameJson.mapper().readTree(async.body());
            assertEquals("started", started.get("status").asText());
            String executionId = started.get("execution_id").asText();
            Await.until(Duration.ofSeconds(10), "async run", () -> events(executionId).stream().anyMatch(e -> e.event().terminal()));

            HttpResponse<String> single = runtime.internal("POST", InternalApi.RUNTIME_SINGLE_TRIGGER_PATH,
                    "{\"inputs\":{\"name\":\"Cy\"},\"sync\":true}");
            assertEquals(200, single.statusCode(), single.body());
            assertEquals("{\"greeting\":\"Cy\"}", FrameJson.mapper().readTree(single.body()).get("output").toString());
            assertEquals(404, runtime.internal("POST", InternalApi.runtimeTriggerPath("dep_unknown"), "{}").statusCode());
            assertEquals(401, runtime.send("POST", InternalApi.runtimeTriggerPath(deploymentId), "{}", Map.of()).statusCode());
        } finally {
            runtime.internal("DELETE", InternalApi.runtimeDeploymentPath(deploymentId), null);
        }
    }

    @Test
    void aTriggersTimeLimitEndsTheRunWhenShorterThanTheWorkflowsTimeout() throws Exception {
        String deploymentId = RuntimeHarness.uniqueDeploymentId();
        ObjectNode spec = definition(List.of(node("t", "http-trigger", Map.of()), node("d", "delay", Map.of("durationMs", 3_000))),
                Map.of("timeout", 60), "t->d");
        spec.put("organization_id", "org_batchit").put("workflow_id", "wf_trigger00000000002");
        runtime.internal("PUT", InternalApi.runtimeDeploymentPath(deploymentId), spec.toString());
        try {
            long t0 = System.nanoTime();
            JsonNode answer = FrameJson.mapper().readTree(runtime.internal("POST", InternalApi.runtimeTriggerPath(deploymentId),
                    "{\"sync\":true,\"timeout_ms\":500}").body());
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertEquals("failed", answer.get("status").asText(), answer.toString());
            assertTrue(answer.get("error").asText().contains("timed out"), answer.toString());
            assertTrue(millis < 2_500, "ended at the caller's 0.5 s, not the 3 s delay: " + millis + " ms");
        } finally {
            runtime.internal("DELETE", InternalApi.runtimeDeploymentPath(deploymentId), null);
        }
    }

    @Test
    void syncTriggerOfAFailingRunAnswersFailedWithTheError() throws Exception {
        String deploymentId = RuntimeHarness.uniqueDeploymentId();
        ObjectNode spec = definition(List.of(node("t", "api-trigger", Map.of()),
                node("h", "http-request", Map.of("url", url("/fail")))), Map.of(), "t->h");
        spec.put("organization_id", "org_batchit").put("workflow_id", "wf_trigger00000000001");
        runtime.internal("PUT", InternalApi.runtimeDeploymentPath(deploymentId), spec.toString());
        try {
            JsonNode answer = FrameJson.mapper().readTree(runtime.internal("POST", InternalApi.runtimeTriggerPath(deploymentId),
                    "{\"sync\":true}").body());
            assertEquals("failed", answer.get("status").asText());
            assertTrue(answer.get("error").asText().contains("500"));
        } finally {
            runtime.internal("DELETE", InternalApi.runtimeDeploymentPath(deploymentId), null);
        }
    }
}
