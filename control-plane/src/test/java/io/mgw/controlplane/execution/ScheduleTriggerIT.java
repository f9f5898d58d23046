package io.mgw.controlplane.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgw.controlplane.testing.Api;
import io.mgw.controlplane.testing.ControlPlaneTestSupport;
import io.mgw.controlplane.testing.RealRuntime;
import io.mgw.controlplane.testing.Tenants;
import io.mgw.controlplane.testing.Tenants.Tenant;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Schedule triggers: a deployed workflow with a schedule-trigger node runs on its cron (the scheduler is driven with
 * chosen instants, its own timer is off), once per fire even when two schedulers race for it (two control planes
 * on one database), and not while it is stopped or after it is undeployed. Runs go to the deployment's pod trigger
 * endpoint on the real runtime, which runs them; the runs are read back from the control plane's store.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScheduleTriggerIT implements TestPropertyProvider {

    static final ObjectMapper JSON = new ObjectMapper();
    RealRuntime runtime;
    @Inject
    EmbeddedServer server;
    @Inject
    ScheduleDispatcher scheduler;
    /** The control plane's database, read with a plain connection of the test's own. */
    String databaseUrl;
    Api api;
    Tenant acme;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(ControlPlaneTestSupport.properties("schedules"));
        runtime = new RealRuntime(properties);
        properties.put("mgw.runtime-url", runtime.url());
        databaseUrl = properties.get("datasources.default.url");
        properties.put("mgw.schedule-poll-interval", "1h");
        properties.put("mgw.runs.reaper-interval", "1h");
        properties.put("mgw.lifecycle.enabled", "false");
        return properties;
    }

    @BeforeAll
    void tenants() {
        api = new Api(server.getURI());
        acme = Tenants.create(api, "acme");
    }

    @AfterAll
    void stop() {
        runtime.close();
    }

    private String deployedEveryFiveMinutes() {
        var created = api.post("/api/v1/workflows", acme.ownerKey(), Api.json(Map.of("name", "every five minutes",
                "nodes", List.of(Map.of("id", "tick", "nodeId", "schedule-trigger", "config", Map.of("cron", "*/5 * * * *",
                        "timezone", "Europe/Berlin")), Map.of("id", "note", "nodeId", "log")),
                "connections", List.of(Map.of("sourceNodeId", "tick", "targetNodeId", "note")))));
        assertEquals(201, created.status(), created.raw());
        String id = created.text("workflowId");
        var deployed = api.post("/api/v1/workflows/" + id + "/deploy", acme.ownerKey(), "");
        assertEquals(200, deployed.status(), deployed.raw());
        return id;
    }

    /** Every scheduled run the control plane started, oldest first: its id, trigger kind and inputs. */
    private List<JsonNode> scheduledRuns() {
        List<JsonNode> runs = new ArrayList<>();
        try (var connection = java.sql.DriverManager.getConnection(databaseUrl); var rows = connection.createStatement().executeQuery(
                "SELECT id, trigger_kind, inputs FROM executions WHERE trigger_kind = 'schedule' ORDER BY created_at, id")) {
            while (rows.next()) {
                var run = JSON.createObjectNode().put("execution_id", rows.getString(1)).put("trigger_type", rows.getString(2));
                run.set("inputs", JSON.readTree(rows.getString(3) == null ? "{}" : rows.getString(3)));
                runs.add(run);
            }
        } catch (java.sql.SQLException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return runs;
    }

    @Test
    void aDeployedScheduleRunsOnEachFireOnceAndNeverWhileStoppedOrUndeployed() throws Exception {
        String workflow = deployedEveryFiveMinutes();
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        assertEquals(0, scheduler.runDue(start), "the first fire is the next five-minute mark");
        int before = scheduledRuns().size();

        assertEquals(1, scheduler.runDue(start.plus(Duration.ofMinutes(5))));
        List<JsonNode> fired = scheduledRuns().subList(before, scheduledRuns().size());
        assertEquals(1, fired.size());
        assertEquals("schedule", fired.get(0).path("trigger_type").asText());
        assertEquals("*/5 * * * *", fired.get(0).path("inputs").path("cron").asText());
        String executionId = fired.get(0).path("execution_id").asText();
        var run = api.get("/api/v1/executions/" + executionId, acme.ownerKey());
        assertEquals(200, run.status(), run.raw());
        assertEquals("schedule", run.text("triggerKind"));
        assertEquals(workflow, run.text("workflowId"));
        io.mgw.controlplane.events.Await.until("the runtime ran it", () -> "completed".equals(
                api.get("/api/v1/executions/" + executionId, acme.ownerKey()).text("status")));
        assertEquals(0, scheduler.runDue(start.plus(Duration.ofMinutes(5))), "a fire happens once");

        // Two schedulers (two control planes on one database) race for the next fire: one of them takes it.
        Instant next = start.plus(Duration.ofMinutes(10));
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            Callable<Integer> pass = () -> scheduler.runDue(next);
            List<Future<Integer>> passes = two.invokeAll(List.of(pass, pass));
            assertEquals(1, passes.get(0).get() + passes.get(1).get());
        } finally {
            two.shutdownNow();
        }

        assertEquals(200, api.post("/api/v1/workflows/" + workflow + "/stop", acme.ownerKey(), "").status());
        int whileStopped = scheduledRuns().size();
        assertEquals(0, scheduler.runDue(start.plus(Duration.ofMinutes(15))), "a stopped deployment does not run");
        assertEquals(whileStopped, scheduledRuns().size());

        var started = api.post("/api/v1/workflows/" + workflow + "/start", acme.ownerKey(), "{}");
        assertEquals(200, started.status(), started.raw());
        assertEquals(1, scheduler.runDue(start.plus(Duration.ofMinutes(20))), "missed fires are not caught up");

        assertEquals(200, api.post("/api/v1/workflows/" + workflow + "/undeploy", acme.ownerKey(), "").status());
        int undeployed = scheduledRuns().size();
        assertEquals(0, scheduler.runDue(start.plus(Duration.ofMinutes(25))));
        assertEquals(undeployed, scheduledRuns().size());
    }

    @Test
    void aScheduleThatCannotBeReadNeverFiresAndHarmsNoOther() {
        var created = api.post("/api/v1/workflows", acme.ownerKey(), Api.json(Map.of("name", "bad cron",
                "nodes", List.of(Map.of("id", "tick", "nodeId", "schedule-trigger", "config", Map.of("cron", "every minute"))))));
        assertEquals(200, api.post("/api/v1/workflows/" + created.text("workflowId") + "/deploy", acme.ownerKey(), "").status());
        String good = deployedEveryFiveMinutes();
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        scheduler.runDue(start);
        int before = scheduledRuns().size();
        assertEquals(1, scheduler.runDue(start.plus(Duration.ofMinutes(5))), "only the readable schedule fires");
        assertTrue(scheduledRuns().get(before).path("execution_id").isTextual());
        api.post("/api/v1/workflows/" + good + "/undeploy", acme.ownerKey(), "");
    }
}
