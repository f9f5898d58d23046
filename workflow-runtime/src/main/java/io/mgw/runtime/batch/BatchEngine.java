package io.mgw.runtime.batch;

import io.mgw.adapters.contract.events.EventFactory;
import io.mgw.adapters.contract.workflow.NodeCatalog;
import io.mgw.runtime.events.EventPublisher;
import io.mgw.runtime.http.NodeHttp;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs batch workflows (separate from the streaming engine): each run on its own worker thread, each node attempt
 * on a node thread the run can interrupt when the attempt's time is up. Never on an event loop. Reports every run
 * as {@code execution.event}s through the {@link EventPublisher}. At most {@code maxRunsPerDeployment} runs of one
 * deployment (draft runs: of one workflow) run at once; another is refused with {@link TooManyRunsException} before
 * anything starts.
 */
public final class BatchEngine implements AutoCloseable {

    private final EventPublisher publisher;
    private final EventFactory factory;
    private final NodeCatalog catalog;
    private final BatchNodes nodes;
    private final ExecutorService runThreads = Executors.newCachedThreadPool(daemon("batch-run-"));
    private final ExecutorService nodeThreads = Executors.newCachedThreadPool(daemon("batch-node-"));
    private final AtomicInteger active = new AtomicInteger();
    private final int maxRunsPerDeployment;
    /** Runs in progress per {@link RunPlan#capKey()}; guarded by itself. */
    private final Map<String, Integer> running = new HashMap<>();

    private final RunLeases leases;

    public BatchEngine(EventPublisher publisher, EventFactory factory, DataSources dataSources, NodeHttp http,
                       int maxRunsPerDeployment, RunLeases leases) {
        this.maxRunsPerDeployment = maxRunsPerDeployment;
        this.leases = leases;
        this.publisher = publisher;
        this.factory = factory;
        this.catalog = NodeCatalog.builtIn();
        this.nodes = new BatchNodes(catalog, http, dataSources);
    }

    /**
     * Starts a run; the future completes (never exceptionally) when it has ended and its last event was appended.
     *
     * @throws TooManyRunsException when the run's deployment is at its cap (nothing was started or reported)
     */
    public CompletableFuture<RunResult> start(RunPlan plan) {
        String key = plan.capKey();
        synchronized (running) {
            int now = running.getOrDefault(key, 0);
            if (now >= maxRunsPerDeployment) {
                throw new TooManyRunsException(key, maxRunsPerDeployment);
            }
            running.put(key, now + 1);
        }
        RunEvents events = new RunEvents(publisher, factory, plan.organizationId(), plan.executionId(), plan.workflowId(),
                plan.firstSeq());
        BatchRun run = new BatchRun(plan, events, nodes, catalog, nodeThreads);
        active.incrementAndGet();
        leases.started(plan.executionId());
        try {
            return CompletableFuture.supplyAsync(run::run, runThreads)
                    .whenComplete((result, error) -> finished(key, plan.executionId()));
        } catch (RuntimeException e) {
            finished(key, plan.executionId());
            throw e;
        }
    }

    private void finished(String key, String executionId) {
        leases.finished(executionId);
        active.decrementAndGet();
        synchronized (running) {
            running.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
        }
    }

    /** Runs in progress. */
    public int active() {
        return active.get();
    }

    /** Interrupts runs in progress (they end with {@code run_failed}) and stops the threads. */
    @Override
    public void close() {
        runThreads.shutdownNow();
        nodeThreads.shutdownNow();
        try {
            runThreads.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        leases.close();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
