package io.mgw.controlplane.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.contract.events.ExecutionEvent;
import io.mgw.adapters.contract.events.RunEventType;
import io.mgw.controlplane.events.EventHandler;
import io.mgw.controlplane.events.SessionBatch;
import io.micronaut.context.event.ApplicationEventPublisher;
import jakarta.inject.Singleton;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code execution.event}: stores the run event once per (execution, seq) in {@code execution_events} and moves the
 * run along: {@code run_started} to running, {@code run_completed}/{@code run_failed} to completed/failed with the
 * output or error (and ends its queue message). Events of runs this control plane does not know (a pod triggered
 * directly), or that name another organization than the run's, are dropped. Each newly stored event is published
 * as a {@link RunEventStored}, so live run streams learn of it once the transaction commits.
 */
@Singleton
public class ExecutionEventHandler implements EventHandler<ExecutionEvent> {

    private static final Logger log = LoggerFactory.getLogger(ExecutionEventHandler.class);

    private final ExecutionRepository executions;
    private final QueueStore queue;
    private final ApplicationEventPublisher<RunEventStored> stored;

    public ExecutionEventHandler(ExecutionRepository executions, QueueStore queue,
                                 ApplicationEventPublisher<RunEventStored> stored) {
        this.executions = executions;
        this.queue = queue;
        this.stored = stored;
    }

    @Override
    public String type() {
        return ExecutionEvent.TYPE;
    }

    @Override
    public Class<ExecutionEvent> eventClass() {
        return ExecutionEvent.class;
    }

    @Override
    public void apply(ExecutionEvent event, SessionBatch batch) {
        UUID id;
        try {
            id = UUID.fromString(event.executionId());
        } catch (IllegalArgumentException e) {
            log.debug("execution event for non-UUID execution {} dropped", event.executionId());
            return;
        }
        var execution = executions.find(id);
        if (execution.isEmpty() || !execution.get().organizationId().equals(event.org())) {
            log.debug("execution event {} for unknown execution {} dropped", event.seq(), id);
            return;
        }
        ObjectNode payload = event.payload();
        if (!executions.storeEvent(id, event.seq(), event.event().wireName(), payload, event.at())) {
            return;
        }
        stored.publishEvent(new RunEventStored(id, event.seq()));
        RunEventType type = event.event();
        if (type == RunEventType.RUN_STARTED) {
            executions.markRunning(id, event.at());
        } else if (type == RunEventType.RUN_COMPLETED) {
            JsonNode output = payload.get("output");
            executions.markFinished(id, Execution.COMPLETED, output, null, event.at());
            queue.finishFor(id, true);
        } else if (type == RunEventType.RUN_FAILED) {
            executions.markFinished(id, Execution.FAILED, null, payload.path("error").asText("failed"), event.at());
            queue.finishFor(id, false);
        }
    }
}
