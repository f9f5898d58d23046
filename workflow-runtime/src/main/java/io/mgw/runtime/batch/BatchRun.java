package io.mgw.runtime.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.contract.events.RunEventType;
import io.mgw.adapters.contract.workflow.GraphConnection;
import io.mgw.adapters.contract.workflow.GraphNode;
import io.mgw.adapters.contract.workflow.NodeCatalog;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one batch graph on the calling (worker) thread: from the trigger node, each node's output goes along the
 * connections of the port it chose; every step is recorded ({@code step_started}, {@code step_progress} for retries
 * and node reports, {@code step_completed} or {@code step_failed}). A failing node is retried per the settings; a
 * node that still fails continues on its {@code error} port when one is connected, else fails the run. The whole
 * run is bounded by {@code settings.timeout}; each attempt by the node's {@code timeoutMs} and the time left. The
 * run's output is the last step's output.
 */
final class BatchRun {

    private static final Logger log = LoggerFactory.getLogger(BatchRun.class);
    /** Guards against cyclic graphs looping forever within the timeout. */
    private static final int MAX_STEPS = 10_000;
    private static final long BASE_BACKOFF_MS = 100;

    private final RunPlan plan;
    private final RunEvents events;
    private final BatchNodes nodes;
    private final NodeCatalog catalog;
    private final ExecutorService nodeThreads;
    private final long deadlineNanos;

    BatchRun(RunPlan plan, RunEvents events, BatchNodes nodes, NodeCatalog catalog, ExecutorService nodeThreads) {
        this.plan = plan;
        this.events = events;
        this.nodes = nodes;
        this.catalog = catalog;
        this.nodeThreads = nodeThreads;
        this.deadlineNanos = System.nanoTime() + plan.settings().timeout().toNanos();
    }

    /** Runs to the end and reports the terminal event; never throws. */
    RunResult run() {
        ObjectNode started = object();
        started.put("runId", plan.executionId());
        started.put("workflowId", plan.workflowId());
        events.emit(RunEventType.RUN_STARTED, started);
        try {
            JsonNode output = walk();
            ObjectNode completed = object();
            completed.put("runId", plan.executionId());
            completed.put("status", "completed");
            completed.set("output", output);
            awaitTerminal(events.emit(RunEventType.RUN_COMPLETED, completed));
            return new RunResult(plan.executionId(), plan.workflowId(), true, output, null);
        } catch (RunFailed e) {
            return failed(e.getMessage());
        } catch (RuntimeException | Error e) {
            log.warn("batch run {} crashed", plan.executionId(), e);
            return failed("internal error: " + e);
        }
    }

    private RunResult failed(String error) {
        ObjectNode failed = object();
        failed.put("runId", plan.executionId());
        failed.put("error", error);
        awaitTerminal(events.emit(RunEventType.RUN_FAILED, failed));
        return new RunResult(plan.executionId(), plan.workflowId(), false, null, error);
    }

    private JsonNode walk() {
        Deque<Step> queue = new ArrayDeque<>();
        for (GraphNode start : startNodes()) {
            queue.add(new Step(start, plan.inputs()));
        }
        JsonNode last = plan.inputs();
        int steps = 0;
        while (!queue.isEmpty()) {
            if (++steps > MAX_STEPS) {
                throw new RunFailed("the run took more than " + MAX_STEPS + " steps (a cycle in the graph?)");
            }
            Step step = queue.poll();
            NodeResult result = runStep(step.node(), step.input());
            last = result.output();
            for (GraphConnection connection : plan.graph().outbound(step.node().id())) {
                if (connection.sourcePort().equals(result.port())) {
                    GraphNode target = plan.graph().node(connection.target()).orElseThrow(() -> new RunFailed(
                            "connection " + connection.id() + " leads to missing node " + connection.target()));
                    queue.add(new Step(target, result.output()));
                }
            }
        }
        return last;
    }

    private List<GraphNode> startNodes() {
        List<GraphNode> triggers = plan.graph().nodes().stream().filter(n -> catalog.isTrigger(n.type())).toList();
        String wanted = plan.triggerType() + "-trigger";
        List<GraphNode> matching = triggers.stream().filter(n -> n.type().equals(wanted)).limit(1).toList();
        if (!matching.isEmpty()) {
            return matching;
        }
        if (!triggers.isEmpty()) {
            return List.of(triggers.get(0));
        }
        List<GraphNode> roots = plan.graph().nodes().stream().filter(n -> plan.graph().inbound(n.id()).isEmpty()).toList();
        if (roots.isEmpty()) {
            throw new RunFailed("the workflow has no trigger node and no node without inputs to start from");
        }
        return roots;
    }

    private NodeResult runStep(GraphNode node, JsonNode input) {
        ObjectNode started = object();
        started.put("stepId", node.id());
        started.put("toolId", node.type());
        events.emit(RunEventType.STEP_STARTED, started);
        NodeFailure failure;
        try {
            BatchNode impl = nodes.forType(node.type());
            int attempts = 1 + plan.settings().retries();
            int attempt = 1;
            while (true) {
                try {
                    NodeResult result = attempt(impl, node, input);
                    ObjectNode completed = object();
                    completed.put("stepId", node.id());
                    completed.set("result", result.output() == null ? NullNode.getInstance() : result.output());
                    if (!NodeResult.OUTPUT.equals(result.port())) {
                        completed.put("port", result.port());
                    }
                    events.emit(RunEventType.STEP_COMPLETED, completed);
                    return result;
                } catch (NodeFailure e) {
                    if (attempt >= attempts || !impl.retryable(e) || remainingMillis() <= 0) {
                        throw e;
                    }
                    progress(node, 0, "attempt " + attempt + " of " + attempts + " failed (" + e.getMessage() + "); retrying");
                    sleepQuietly(Math.min(BASE_BACKOFF_MS << Math.min(attempt - 1, 6), remainingMillis()));
                    attempt++;
                }
            }
        } catch (NodeFailure e) {
            failure = e;
        } catch (RunFailed e) {
            stepFailed(node, e.getMessage(), NodeFailure.TIMEOUT);
            throw e;
        }
        stepFailed(node, failure.getMessage(), failure.code());
        boolean errorPort = plan.graph().outbound(node.id()).stream().anyMatch(c -> NodeResult.ERROR.equals(c.sourcePort()));
        if (errorPort) {
            ObjectNode error = object();
            error.putObject("error").put("code", failure.code()).put("message", failure.getMessage()).put("nodeId", node.id());
            error.set("input", input);
            return new NodeResult(NodeResult.ERROR, error);
        }
        throw new RunFailed("step " + node.id() + " (" + node.type() + ") failed: " + failure.getMessage());
    }

    private void stepFailed(GraphNode node, String error, String code) {
        ObjectNode failed = object();
        failed.put("stepId", node.id());
        failed.put("error", error);
        failed.put("code", code);
        events.emit(RunEventType.STEP_FAILED, failed);
    }

    private NodeResult attempt(BatchNode impl, GraphNode node, JsonNode input) {
        long remaining = remainingMillis();
        if (remaining <= 0) {
            throw new RunFailed("the workflow timed out after " + plan.settings().timeout().toSeconds() + " s");
        }
        long configured = node.config().path("timeoutMs").canConvertToLong() && node.config().path("timeoutMs").asLong() > 0
                ? node.config().path("timeoutMs").asLong() : Long.MAX_VALUE;
        long limit = Math.min(configured, remaining);
        NodeCall call = new NodeCall(node, input, Duration.ofMillis(limit), (percent, message) -> progress(node, percent, message));
        Future<NodeResult> future = nodeThreads.submit(() -> impl.run(call));
        try {
            // A little slack so a node's own timeout (HTTP, statement) reports first, with its own message.
            NodeResult result = future.get(limit == Long.MAX_VALUE ? limit : limit + 250, TimeUnit.MILLISECONDS);
            if (result == null) {
                throw new NodeFailure(NodeFailure.INTERNAL, "node " + node.id() + " produced no result");
            }
            return result;
        } catch (TimeoutException e) {
            future.cancel(true);
            if (configured <= remaining) {
                throw new NodeFailure(NodeFailure.TIMEOUT, "node " + node.id() + " timed out after " + configured + " ms");
            }
            throw new RunFailed("the workflow timed out after " + plan.settings().timeout().toSeconds()
                    + " s (in step " + node.id() + ")");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof NodeFailure failure) {
                throw failure;
            }
            if (cause instanceof InterruptedException) {
                throw new NodeFailure(NodeFailure.TIMEOUT, "node " + node.id() + " was interrupted");
            }
            log.warn("batch node {} ({}) threw", node.id(), node.type(), cause);
            throw new NodeFailure(NodeFailure.INTERNAL, "node " + node.id() + " failed: " + cause);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new RunFailed("the run was interrupted (the runtime is shutting down)");
        }
    }

    private void progress(GraphNode node, int percent, String message) {
        ObjectNode progress = object();
        progress.put("stepId", node.id());
        progress.put("progress", percent);
        progress.put("message", message);
        events.emit(RunEventType.STEP_PROGRESS, progress);
    }

    private long remainingMillis() {
        return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailed("the run was interrupted (the runtime is shutting down)");
        }
    }

    private static void awaitTerminal(java.util.concurrent.CompletableFuture<String> append) {
        try {
            append.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Logged and counted by the publisher; the run's result stands regardless.
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    private record Step(GraphNode node, JsonNode input) {
    }

    /** Ends the run with {@code run_failed}. */
    private static final class RunFailed extends RuntimeException {
        RunFailed(String message) {
            super(message, null, false, false);
        }
    }
}
