package io.mgw.controlplane.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.contract.ExecutionRequest;
import io.mgw.adapters.contract.workflow.GraphFormatException;
import io.mgw.adapters.contract.workflow.GraphNode;
import io.mgw.adapters.contract.workflow.RunTimeLimit;
import io.mgw.adapters.contract.workflow.WorkflowGraph;
import io.mgw.adapters.contract.workflow.WorkflowGraphJson;
import io.mgw.controlplane.auth.Caller;
import io.mgw.controlplane.auth.Scope;
import io.mgw.controlplane.error.ApiException;
import io.mgw.controlplane.workflow.Workflow;
import io.mgw.controlplane.workflow.WorkflowAccess;
import io.mgw.controlplane.workflow.WorkflowDeploymentService;
import io.mgw.controlplane.workflow.WorkflowRepository;
import io.mgw.controlplane.workflow.WorkflowStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * execute, enqueue, email-trigger and events (workflows API): checks in DESIGN's order (400 body, 403 scope,
 * 404, 409 state), records the run in {@code executions}, then hands it to the draft pool's runtime
 * ({@code POST /internal/executions}); enqueue hands it to the durable queue instead. Trigger is
 * {@link DeploymentTriggerService}.
 */
@Singleton
public class ExecutionService {

    private static final Logger log = LoggerFactory.getLogger(ExecutionService.class);

    private final WorkflowAccess access;
    private final WorkflowRepository workflows;
    private final WorkflowDeploymentService definitions;
    private final ExecutionRepository executions;
    private final QueueStore queue;
    private final RuntimeClient runtime;
    private final ObjectMapper json;
    private final Clock clock;

    public ExecutionService(WorkflowAccess access, WorkflowRepository workflows, WorkflowDeploymentService definitions,
                            ExecutionRepository executions, QueueStore queue, RuntimeClient runtime, ObjectMapper json,
                            Clock clock) {
        this.access = access;
        this.workflows = workflows;
        this.definitions = definitions;
        this.executions = executions;
        this.queue = queue;
        this.runtime = runtime;
        this.json = json;
        this.clock = clock;
    }

    /** {@code POST /{id}/execute}: a draft run of the stored graph or of the body's {@code definition}. */
    public ExecutionViews.Executed execute(Caller caller, String workflowId, @Nullable JsonNode body) {
        WorkflowAccess.requireWellFormed(workflowId);
        JsonNode request = body == null || body.isNull() ? json.createObjectNode() : body;
        requireObject(request, "(body)");
        JsonNode override = request.get("definition");
        if (override != null && !override.isNull()) {
            requireObject(override, "definition");
            try {
                WorkflowGraphJson.read(override);
            } catch (GraphFormatException e) {
                throw ApiException.invalidField("definition", "definition." + e.getMessage());
            }
            if (override.has("settings") && !override.get("settings").isObject()) {
                throw ApiException.invalidField("definition", "definition.settings must be an object");
            }
        } else {
            override = null;
        }
        JsonNode inputs = optionalObject(request, "triggerInputs");
        Workflow workflow = access.read(caller, workflowId, Scope.WORKFLOWS_EXECUTE);
        ObjectNode definition = definitions.definition(workflow);
        if (override != null) {
            definition.set("nodes", override.path("nodes").isArray() ? override.get("nodes") : json.createArrayNode());
            definition.set("connections", override.path("connections").isArray() ? override.get("connections")
                    : json.createArrayNode());
            if (override.has("settings")) {
                definition.set("settings", override.get("settings"));
            }
        }
        Execution execution = Execution.queued(workflow.organizationId(), workflow.id(), null, caller.userId(), "execute",
                null, "development", inputs, override == null ? null : definition, clock.instant());
        executions.insert(execution);
        submit(execution, "api", definition);
        return new ExecutionViews.Executed(execution.id().toString());
    }

    /** {@code POST /{id}/enqueue}: stored in the durable queue, dispatched by {@link QueueDispatcher}. */
    public ExecutionViews.Started enqueue(Caller caller, String workflowId, @Nullable JsonNode body) {
        WorkflowAccess.requireWellFormed(workflowId);
        JsonNode request = body == null || body.isNull() ? json.createObjectNode() : body;
        requireObject(request, "(body)");
        JsonNode message = request.hasNonNull("message") ? request.get("message")
                : request.hasNonNull("data") ? request.get("data") : request;
        int priority = 0;
        JsonNode priorityNode = request.get("priority");
        if (priorityNode != null && !priorityNode.isNull()) {
            if (!priorityNode.isIntegralNumber() || !priorityNode.canConvertToInt()) {
                throw ApiException.invalidField("priority", "priority must be an integer");
            }
            priority = priorityNode.asInt();
        }
        String source = optionalText(request, "source", "rest_api");
        Workflow workflow = requireActiveWith(caller, workflowId, "queue-trigger", "queue trigger");
        Execution execution = Execution.queued(workflow.organizationId(), workflow.id(), null, caller.userId(), "queue",
                source, null, message, null, clock.instant());
        queue.enqueue(execution, message, priority, source, QueueTriggerOptions.of(workflow).maxAttempts());
        return new ExecutionViews.Started(execution.id().toString(), "queue");
    }

    /** {@code POST /{id}/email-trigger}: an inbound email as the run's input. */
    public ExecutionViews.Started emailTrigger(Caller caller, String workflowId, @Nullable JsonNode body) {
        WorkflowAccess.requireWellFormed(workflowId);
        JsonNode request = body == null || body.isNull() ? json.createObjectNode() : body;
        requireObject(request, "(body)");
        ObjectNode email = json.createObjectNode();
        email.put("from", optionalText(request, "from", null));
        email.put("to", optionalText(request, "to", null));
        email.put("subject", optionalText(request, "subject", null));
        email.put("body_text", request.has("body_text") ? optionalText(request, "body_text", null) : optionalText(request, "text", null));
        email.put("body_html", request.has("body_html") ? optionalText(request, "body_html", null) : optionalText(request, "html", null));
        JsonNode attachments = request.get("attachments");
        if (attachments != null && !attachments.isNull() && !attachments.isArray()) {
            throw ApiException.invalidField("attachments", "attachments must be an array");
        }
        email.set("attachments", attachments == null || attachments.isNull() ? json.createArrayNode() : attachments);
        JsonNode headers = request.get("email_headers");
        if (headers != null && !headers.isNull() && !headers.isObject()) {
            throw ApiException.invalidField("email_headers", "email_headers must be an object");
        }
        email.set("email_headers", headers == null || headers.isNull() ? json.createObjectNode() : headers);
        Workflow workflow = requireActiveWith(caller, workflowId, "email-trigger", "email trigger");
        Execution execution = Execution.queued(workflow.organizationId(), workflow.id(), null, caller.userId(), "email",
                null, null, email, null, clock.instant());
        executions.insert(execution);
        submit(execution, "email", definitions.definition(workflow));
        return new ExecutionViews.Started(execution.id().toString(), "email");
    }

    /** {@code POST /events}: runs every active workflow of the caller's organization whose event trigger matches. */
    public ExecutionViews.EventsEmitted emit(Caller caller, @Nullable JsonNode body) {
        JsonNode request = body == null || body.isNull() ? json.createObjectNode() : body;
        requireObject(request, "(body)");
        JsonNode typeNode = request.get("event_type");
        if (typeNode == null || !typeNode.isTextual() || typeNode.asText().isBlank()) {
            throw ApiException.invalidField("event_type", "event_type is required");
        }
        String eventType = typeNode.asText();
        JsonNode data = optionalObject(request, "event_data");
        String source = optionalText(request, "source", "platform");
        caller.requireScope(Scope.WORKFLOWS_EXECUTE);
        ObjectNode inputs = json.createObjectNode();
        inputs.put("event_type", eventType);
        inputs.put("source", source);
        inputs.set("data", data);
        int triggered = 0;
        int failed = 0;
        List<ExecutionViews.EventRun> results = new ArrayList<>();
        for (String id : executions.activeWorkflowsWithEventTrigger(caller.organizationId())) {
            Optional<Workflow> found = workflows.findByIdAndOrganizationId(id, caller.organizationId());
            if (found.isEmpty() || !matches(found.get(), eventType, source)) {
                continue;
            }
            Workflow workflow = found.get();
            Execution execution = Execution.queued(workflow.organizationId(), workflow.id(), null, caller.userId(), "event",
                    source, null, inputs, null, clock.instant());
            executions.insert(execution);
            try {
                submit(execution, "event", definitions.definition(workflow));
                triggered++;
                results.add(new ExecutionViews.EventRun(workflow.id(), workflow.name(), execution.id().toString(), null));
            } catch (ApiException e) {
                failed++;
                results.add(new ExecutionViews.EventRun(workflow.id(), workflow.name(), execution.id().toString(),
                        e.getMessage()));
            }
        }
        return new ExecutionViews.EventsEmitted(eventType, triggered, failed, results);
    }

    /**
     * Records and starts a draft run of the workflow's current graph on the draft pool: the chat runs and the flow
     * stream's Development runs (when no development deployment exists). 503 when the runtime does not take it.
     *
     * @param triggerType selects the trigger node the run starts at ({@code http} = {@code http-trigger})
     * @param chatId      the chat the run belongs to, or null
     * @param limit       the caller's limit on the run's time (the runtime ends it then), or null
     */
    public Execution startDraft(Workflow workflow, String userId, String triggerKind, String triggerType,
                                @Nullable String environment, JsonNode inputs, @Nullable UUID chatId,
                                @Nullable Duration limit) {
        Execution execution = Execution.queued(workflow.organizationId(), workflow.id(), null, userId, triggerKind,
                null, environment, inputs, null, clock.instant());
        if (chatId != null) {
            execution = execution.inChat(chatId);
        }
        executions.insert(execution);
        ObjectNode definition = definitions.definition(workflow);
        if (limit != null) {
            definition.set("settings", RunTimeLimit.cap(definition.get("settings"), limit));
        }
        submit(execution, triggerType, definition);
        return execution;
    }

    /** Hands a recorded run to the draft pool; a runtime that does not take it fails the run and answers 503. */
    void submit(Execution execution, String triggerType, JsonNode definition) {
        try {
            runtime.submit(request(execution, triggerType, definition));
        } catch (RuntimeClient.RuntimeUnavailable e) {
            log.warn("run {} of workflow {} not started: {}", execution.id(), execution.workflowId(), e.getMessage());
            executions.failUnstarted(execution.id(), e.getMessage(), clock.instant());
            if (e.status() == HttpStatus.TOO_MANY_REQUESTS.getCode()) {
                throw tooManyRuns(e);
            }
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "runtime_unavailable", "the run could not be started: "
                    + e.getMessage());
        }
    }

    static ExecutionRequest request(Execution execution, String triggerType, JsonNode definition) {
        return new ExecutionRequest(execution.id().toString(), execution.organizationId(), execution.workflowId(),
                execution.deploymentId(), triggerType, definition, execution.inputs(), 1L);
    }

    /** The runtime's 429: its deployment (or draft workflow) is at its cap of concurrent batch runs. */
    static ApiException tooManyRuns(RuntimeClient.RuntimeUnavailable e) {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "too_many_runs", "the run was refused: " + e.getMessage());
    }

    private Workflow requireActiveWith(Caller caller, String workflowId, String triggerNode, String what) {
        Workflow workflow = access.read(caller, workflowId, Scope.WORKFLOWS_EXECUTE);
        if (!WorkflowStatus.ACTIVE.wireName().equals(workflow.status())) {
            throw ApiException.conflict("workflow " + workflowId + " is " + workflow.status()
                    + "; it must be active (deploy it or set its status to active) to run from a " + what);
        }
        if (graph(workflow).nodes().stream().map(GraphNode::type).noneMatch(triggerNode::equals)) {
            throw ApiException.conflict("workflow " + workflowId + " has no " + what + " node (" + triggerNode
                    + "); add one to run it this way");
        }
        return workflow;
    }

    private boolean matches(Workflow workflow, String eventType, String source) {
        return graph(workflow).nodes().stream().filter(n -> n.type().equals("event-trigger")).anyMatch(n ->
                eventType.equals(n.config().path("eventType").asText(null))
                        && (!n.config().hasNonNull("source") || source.equals(n.config().get("source").asText())));
    }

    private static WorkflowGraph graph(Workflow workflow) {
        return new WorkflowGraph(WorkflowGraphJson.readNodes(workflow.nodes(), "nodes"),
                WorkflowGraphJson.readConnections(workflow.connections(), "connections"));
    }

    private static void requireObject(JsonNode node, String field) {
        if (!node.isObject()) {
            throw ApiException.invalidField(field, field + " must be a JSON object");
        }
    }

    private JsonNode optionalObject(JsonNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return json.createObjectNode();
        }
        if (!value.isObject()) {
            throw ApiException.invalidField(field, field + " must be an object");
        }
        return value;
    }

    private static String optionalText(JsonNode request, String field, String defaultValue) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isTextual()) {
            throw ApiException.invalidField(field, field + " must be a string");
        }
        return value.asText();
    }

    /**
     * {@code GET /api/v1/executions/{id}}: the caller's organization's run with its events. The execute scope is
     * enough too, so the key that started a flow run can read its log by the {@code flow-job-id}.
     */
    public ExecutionViews.Run get(Caller caller, String id) {
        UUID executionId;
        try {
            executionId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("id", "an execution id is a UUID");
        }
        caller.requireAnyScope(Scope.WORKFLOWS_READ, Scope.WORKFLOWS_EXECUTE);
        Execution execution = executions.find(executionId).filter(e -> e.organizationId().equals(caller.organizationId()))
                .orElseThrow(() -> ApiException.notFound("execution", id));
        List<ObjectNode> events = executions.events(executionId).stream().map(ExecutionViews::event).toList();
        return new ExecutionViews.Run(execution.id().toString(), execution.workflowId(), execution.deploymentId(),
                execution.status(), execution.triggerKind(), execution.triggerSource(), execution.inputs(),
                execution.outputs(), execution.error(), execution.createdAt(), execution.startedAt(),
                execution.finishedAt(), events);
    }
}
