package io.mgw.runtime.batch;

import io.mgw.adapters.contract.events.EventFactory;
import io.mgw.adapters.contract.workflow.NodeCatalog;
import io.mgw.runtime.events.EventPublisher;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs batch workflows (separate from the streaming engine): each run on its own worker thread, each node attempt
 * on a node thread the run can interrupt when the attempt's time is up. Never on an event loop. Reports every run
 * as {@code execution.event}s through the {@link EventPublisher}.
 */
public final class BatchEngine implements AutoCloseable {

    private final EventPublisher publisher;
    private final EventFactory factory;
    private final NodeCatalog catalog;
    private final BatchNodes nodes;
    private final ExecutorService runThreads = Executors.newCachedThreadPool(daemon("batch-run-"));
    private final ExecutorService nodeThreads = Executors.newCachedThreadPool(daemon("batch-node-"));
    private final AtomicInteger active = new AtomicInteger();

    public BatchEngine(EventPublisher publisher, EventFactory factory, DataSources dataSources) {
        this.publisher = publisher;
        this.factory = factory;
        this.catalog = NodeCatalog.builtIn();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).executor(nodeThreads).build();
        this.nodes = new BatchNodes(catalog, http, dataSources);
    }

    /** Starts a run; the future completes (never exceptionally) when it has ended and its last event was appended. */
    public CompletableFuture<RunResult> start(RunPlan plan) {
        RunEvents events = new RunEvents(publisher, factory, plan.organizationId(), plan.executionId(), plan.workflowId());
        BatchRun run = new BatchRun(plan, events, nodes, catalog, nodeThreads);
        active.incrementAndGet();
        return CompletableFuture.supplyAsync(run::run, runThreads).whenComplete((result, error) -> active.decrementAndGet());
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
