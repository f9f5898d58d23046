package io.mgw.runtime.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.contract.events.EventFactory;
import io.mgw.adapters.contract.events.RunEventType;
import io.mgw.runtime.events.EventPublisher;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code execution.event}s of one run, numbered from the plan's first seq (1 unless a lost attempt of the run left events). Publishing is asynchronous; appends on the
 * publisher's one connection keep their order, so the stream holds a run's events in seq order.
 */
final class RunEvents {

    private final EventPublisher publisher;
    private final EventFactory factory;
    private final String org;
    private final String executionId;
    private final String workflowId;
    private final AtomicLong seq = new AtomicLong();

    RunEvents(EventPublisher publisher, EventFactory factory, String org, String executionId, String workflowId,
              long firstSeq) {
        this.publisher = publisher;
        this.factory = factory;
        this.org = org;
        this.executionId = executionId;
        this.workflowId = workflowId;
        this.seq.set(firstSeq - 1);
    }

    CompletableFuture<String> emit(RunEventType type, ObjectNode payload) {
        synchronized (this) {
            return publisher.publish(factory.executionEvent(org, null, executionId, workflowId, seq.incrementAndGet(),
                    type, payload));
        }
    }
}
