package io.mgw.controlplane.execution;

import io.mgw.adapters.contract.TriggerRequest;
import io.mgw.controlplane.deployment.Deployment;
import io.mgw.controlplane.deployment.DeploymentRepository;
import io.mgw.controlplane.workflow.Workflow;
import io.mgw.controlplane.workflow.WorkflowRepository;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs schedule-trigger workflows on their schedule while they are deployed (deployment ready, workflow active):
 * every {@code mgw.schedule-poll-interval} it syncs the schedules from the deployments ({@link ScheduleStore#sync}),
 * claims the due ones (exactly once across control planes) and triggers each recorded run on its deployment's pod,
 * like {@code POST /{id}/trigger} with {@code trigger_type} schedule. A pod that does not take the run fails it.
 */
@Singleton
public class ScheduleDispatcher {

    private static final Logger log = LoggerFactory.getLogger(ScheduleDispatcher.class);
    private static final int BATCH = 50;

    private final ScheduleStore schedules;
    private final WorkflowRepository workflows;
    private final DeploymentRepository deployments;
    private final DeploymentTriggerService triggers;
    private final ExecutionRepository executions;
    private final RuntimeClient runtime;
    private final Clock clock;

    public ScheduleDispatcher(ScheduleStore schedules, WorkflowRepository workflows, DeploymentRepository deployments,
                              DeploymentTriggerService triggers, ExecutionRepository executions, RuntimeClient runtime,
                              Clock clock) {
        this.schedules = schedules;
        this.workflows = workflows;
        this.deployments = deployments;
        this.triggers = triggers;
        this.executions = executions;
        this.runtime = runtime;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "${mgw.schedule-poll-interval:5s}", initialDelay = "${mgw.schedule-poll-interval:5s}")
    void poll() {
        try {
            runDue(clock.instant());
        } catch (RuntimeException e) {
            log.warn("schedule pass failed: {}", e.toString());
        }
    }

    /** One pass at {@code now}: sync, claim, trigger. Returns the runs fired. */
    public int runDue(Instant now) {
        schedules.sync(now);
        List<ScheduleStore.Fire> fires = schedules.claimDue(now, BATCH);
        fires.forEach(this::trigger);
        return fires.size();
    }

    private void trigger(ScheduleStore.Fire fire) {
        Optional<Workflow> workflow = workflows.findByIdAndOrganizationId(fire.workflowId(), fire.organizationId());
        Optional<Deployment> deployment = deployments.findById(fire.deploymentId());
        if (workflow.isEmpty() || deployment.isEmpty()) {
            executions.failUnstarted(fire.executionId(), "the workflow or its deployment is gone", clock.instant());
            return;
        }
        try {
            runtime.trigger(triggers.triggerUrl(workflow.get(), deployment.get()),
                    new TriggerRequest("schedule", fire.inputs(), false, fire.executionId().toString()),
                    DeploymentTriggerService.ASYNC_TIMEOUT);
            log.info("schedule {} of deployment {} fired run {}", fire.nodeId(), fire.deploymentId(), fire.executionId());
        } catch (RuntimeClient.RuntimeUnavailable e) {
            log.warn("schedule {} of deployment {}: run {} not started: {}", fire.nodeId(), fire.deploymentId(),
                    fire.executionId(), e.getMessage());
            executions.failUnstarted(fire.executionId(), e.getMessage(), clock.instant());
        }
    }
}
