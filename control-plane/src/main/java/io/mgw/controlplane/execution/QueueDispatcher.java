package io.mgw.controlplane.execution;

import io.mgw.controlplane.workflow.Workflow;
import io.mgw.controlplane.workflow.WorkflowDeploymentService;
import io.mgw.controlplane.workflow.WorkflowRepository;
import io.mgw.controlplane.workflow.WorkflowStatus;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the durable queue and hands due messages to the draft pool's runtime, highest priority first. A runtime
 * that is down leaves the message queued (retried with backoff up to its {@code max_attempts}, the queue trigger's
 * {@code maxAttempts}); a workflow that is gone or no longer active dead-letters it and fails its run. A workflow
 * with {@code concurrency} messages in progress (delivered, run not ended) gets no more until one ends, and a
 * runtime at its run cap (429) defers the message; neither counts as a delivery.
 */
@Singleton
public class QueueDispatcher {

    private static final Logger log = LoggerFactory.getLogger(QueueDispatcher.class);
    private static final int BATCH = 20;

    private final QueueStore queue;
    private final WorkflowRepository workflows;
    private final WorkflowDeploymentService definitions;
    private final RuntimeClient runtime;
    private final String dispatcherId = "cp-" + UUID.randomUUID().toString().substring(0, 8);

    public QueueDispatcher(QueueStore queue, WorkflowRepository workflows, WorkflowDeploymentService definitions,
                           RuntimeClient runtime) {
        this.queue = queue;
        this.workflows = workflows;
        this.definitions = definitions;
        this.runtime = runtime;
    }

    @Scheduled(fixedDelay = "${mgw.queue-poll-interval:1s}", initialDelay = "${mgw.queue-poll-interval:1s}")
    void poll() {
        try {
            int handled;
            do {
                handled = queue.dispatchDue(BATCH, dispatcherId, this::dispatch);
            } while (handled == BATCH);
        } catch (RuntimeException e) {
            log.warn("queue dispatch failed: {}", e.toString());
        }
    }

    private QueueStore.Outcome dispatch(QueueStore.Message message) {
        Optional<Workflow> workflow = workflows.findByIdAndOrganizationId(message.workflowId(), message.organizationId());
        if (workflow.isEmpty() || !WorkflowStatus.ACTIVE.wireName().equals(workflow.get().status())) {
            log.info("queue message {} dead-lettered: workflow {} is gone or not active", message.id(), message.workflowId());
            return QueueStore.Outcome.DEAD;
        }
        if (queue.inProgress(message.workflowId()) >= QueueTriggerOptions.of(workflow.get()).concurrency()) {
            return QueueStore.Outcome.DEFER;
        }
        var request = new io.mgw.adapters.contract.ExecutionRequest(message.executionId().toString(),
                message.organizationId(), message.workflowId(), null, "queue", definitions.definition(workflow.get()),
                message.payload(), message.lastEventSeq() + 1);
        runtime.submit(request);
        return QueueStore.Outcome.DELIVERED;
    }
}
