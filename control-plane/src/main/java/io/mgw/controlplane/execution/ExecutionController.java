package io.mgw.controlplane.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.mgw.controlplane.auth.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * The five run endpoints of the workflows API ({@code execute}, {@code trigger}, {@code enqueue},
 * {@code email-trigger}, {@code events}) and {@code GET /api/v1/executions/{id}} (our design: a run and its events).
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ExecutionController {

    private final ExecutionService executions;
    private final DeploymentTriggerService triggers;

    public ExecutionController(ExecutionService executions, DeploymentTriggerService triggers) {
        this.executions = executions;
        this.triggers = triggers;
    }

    @Post("/workflows/{id}/execute")
    @Status(HttpStatus.CREATED)
    public ExecutionViews.Executed execute(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id,
                                           @Body @Nullable JsonNode body) {
        return executions.execute(caller, id, body);
    }

    @Post("/workflows/{id}/trigger")
    public ExecutionViews.Triggered trigger(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id,
                                            @Body @Nullable JsonNode body) {
        return triggers.trigger(caller, id, body);
    }

    @Post("/workflows/{id}/enqueue")
    @Status(HttpStatus.CREATED)
    public ExecutionViews.Started enqueue(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id,
                                          @Body @Nullable JsonNode body) {
        return executions.enqueue(caller, id, body);
    }

    @Post("/workflows/{id}/email-trigger")
    @Status(HttpStatus.CREATED)
    public ExecutionViews.Started emailTrigger(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id,
                                               @Body @Nullable JsonNode body) {
        return executions.emailTrigger(caller, id, body);
    }

    @Post("/workflows/events")
    public ExecutionViews.EventsEmitted events(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
                                               @Body @Nullable JsonNode body) {
        return executions.emit(caller, body);
    }

    @Get("/executions/{id}")
    public ExecutionViews.Run get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id) {
        return executions.get(caller, id);
    }
}
