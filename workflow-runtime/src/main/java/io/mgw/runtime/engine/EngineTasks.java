package io.mgw.runtime.engine;

import io.mgw.adapters.contract.workflow.GraphNode;
import io.mgw.runtime.http.NodeHttpException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The timers and asynchronous results of one session's nodes: everything runs on the session's executor (results
 * hop back there from whichever thread completed them), timers stop and late results are dropped once the session
 * is closed. Failures of asynchronous work become node errors with a code naming the node type and what went wrong.
 * Confined to the session's executor (except the completion hop).
 */
final class EngineTasks {

    private final ScheduledExecutorService executor;
    private final SessionOutput output;
    private final List<Future<?>> timers = new ArrayList<>();
    private volatile boolean closed;

    EngineTasks(ScheduledExecutorService executor, SessionOutput output) {
        this.executor = executor;
        this.output = output;
    }

    /** Runs {@code tick} every {@code periodMillis}; the timer stops when it returns false or on close. */
    Future<?> every(long periodMillis, BooleanSupplier tick) {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        timers.removeIf(Future::isDone);
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        // Scheduled from the executor itself, so the first run cannot start before self[0] is set.
        self[0] = executor.scheduleAtFixedRate(() -> {
            if (closed || !tick.getAsBoolean()) {
                self[0].cancel(false);
            }
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        timers.add(self[0]);
        return self[0];
    }

    /** Hops {@code work}'s outcome back to the executor; a failure is reported for {@code node} first. */
    <T> void whenDone(CompletionStage<T> work, GraphNode node, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        work.whenComplete((result, error) -> {
            try {
                executor.execute(() -> {
                    if (error == null) {
                        if (!closed) {
                            onSuccess.accept(result);
                        }
                        return;
                    }
                    Throwable cause = unwrap(error);
                    output.nodeFailed(node.id(), code(node, cause), cause.getMessage() == null
                            ? cause.getClass().getSimpleName() : cause.getMessage());
                    if (!closed) {
                        onFailure.accept(cause);
                    }
                });
            } catch (RejectedExecutionException e) {
                // The session's event loop is shutting down with the pod: nobody is left to tell.
            }
        });
    }

    void close() {
        closed = true;
        timers.forEach(timer -> timer.cancel(false));
        timers.clear();
    }

    /** {@code <type>.timeout|connection_error|http_error} for HTTP, a {@link NodeError}'s own code, else {@code <type>.failed}. */
    static String code(GraphNode node, Throwable cause) {
        if (cause instanceof NodeError error) {
            return error.code();
        }
        NodeHttpException http = NodeHttpException.of(cause);
        if (http != null) {
            return node.type() + "." + switch (http.kind()) {
                case TIMEOUT -> "timeout";
                case CONNECTION -> "connection_error";
                case HTTP_STATUS -> "http_error";
            };
        }
        if (cause instanceof IllegalArgumentException) {
            return "node.config";
        }
        return node.type().toLowerCase(Locale.ROOT) + ".failed";
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
