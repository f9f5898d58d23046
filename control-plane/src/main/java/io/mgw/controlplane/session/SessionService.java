package io.mgw.controlplane.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.annotation.Transactional;
import io.mgw.adapters.contract.ControlMessage;
import io.mgw.adapters.contract.Ids;
import io.mgw.adapters.contract.WsTokens;
import io.mgw.controlplane.account.Organization;
import io.mgw.controlplane.account.OrganizationRepository;
import io.mgw.controlplane.auth.Caller;
import io.mgw.controlplane.auth.Scope;
import io.mgw.controlplane.common.ListPage;
import io.mgw.controlplane.common.PageRequest;
import io.mgw.controlplane.common.PagedQuery;
import io.mgw.controlplane.common.SortOrder;
import io.mgw.controlplane.config.ControlPlaneConfig;
import io.mgw.controlplane.deployment.Deployment;
import io.mgw.controlplane.deployment.DeploymentRequest;
import io.mgw.controlplane.deployment.DeploymentService;
import io.mgw.controlplane.error.ApiException;
import io.mgw.controlplane.session.ControlChannel.ControlChannelException;
import io.mgw.controlplane.session.SessionRequests.CreateSession;
import io.mgw.controlplane.session.SessionRequests.Inject;
import io.mgw.controlplane.session.SessionViews.CallView;
import io.mgw.controlplane.session.SessionViews.SessionCreated;
import io.mgw.controlplane.session.SessionViews.SessionView;
import io.mgw.controlplane.workflow.Workflow;
import io.mgw.controlplane.workflow.WorkflowAccess;
import io.mgw.controlplane.workflow.WorkflowDeploymentService;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Streaming sessions: creation behind the budget gate, lists, reads with fresh tokens, end and inject. */
@Singleton
public class SessionService {

    static final String DEV_ENVIRONMENT = "development";
    static final Map<String, String> SORT_COLUMNS = Map.of(
            "started_at", "s.started_at", "startedAt", "s.started_at", "ended_at", "s.ended_at",
            "endedAt", "s.ended_at", "status", "s.status", "created_at", "s.created_at", "createdAt", "s.created_at");
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_METADATA_BYTES = 16 * 1024;
    private static final long MAX_ESTIMATE_SECONDS = 7L * 24 * 3600;
    private static final int MAX_INJECT_CHARS = 4000;
    private static final Pattern ROLE = Pattern.compile("[a-z_]{1,32}");
    private static final Pattern SHORT_TEXT = Pattern.compile("[\\x20-\\x7E]{1,128}");
    private static final Logger LOG = LoggerFactory.getLogger(SessionService.class);

    private final StreamingSessionRepository sessions;
    private final SessionLifecycle lifecycle;
    private final WorkflowAccess workflows;
    private final WorkflowDeploymentService workflowDeployments;
    private final DeploymentService deployments;
    private final OrganizationRepository organizations;
    private final ControlChannel control;
    private final WsTokens tokens;
    private final PagedQuery query;
    private final ObjectMapper json;
    private final ControlPlaneConfig config;
    private final Clock clock;
    private final jakarta.inject.Provider<io.mgw.controlplane.lifecycle.LifecycleReconciler> reconciler;

    public SessionService(StreamingSessionRepository sessions, SessionLifecycle lifecycle, WorkflowAccess workflows,
                          WorkflowDeploymentService workflowDeployments, DeploymentService deployments,
                          OrganizationRepository organizations, ControlChannel control, WsTokens tokens,
                          PagedQuery query, ObjectMapper json, ControlPlaneConfig config, Clock clock,
                          jakarta.inject.Provider<io.mgw.controlplane.lifecycle.LifecycleReconciler> reconciler) {
        this.sessions = sessions;
        this.lifecycle = lifecycle;
        this.workflows = workflows;
        this.workflowDeployments = workflowDeployments;
        this.deployments = deployments;
        this.organizations = organizations;
        this.control = control;
        this.tokens = tokens;
        this.query = query;
        this.json = json;
        this.config = config;
        this.clock = clock;
        this.reconciler = reconciler;
    }

    public SessionCreated create(Caller caller, @Nullable CreateSession request) {
        if (request == null) {
            throw ApiException.badRequest("request body is required");
        }
        if (request.workflowId() == null || request.workflowId().isBlank()) {
            throw ApiException.invalidField("workflowId", "workflowId is required");
        }
        if (!Ids.wellFormed(request.workflowId())) {
            throw ApiException.invalidField("workflowId", "workflowId is not a valid id");
        }
        ObjectNode metadata = metadata(request.metadata());
        Integer estimate = estimate(request.estimatedDurationSeconds());
        String correlationId = shortText(request.correlationId(), "correlationId");
        String schemaVersion = shortText(request.dispositionSchemaVersion(), "dispositionSchemaVersion");
        caller.requireScope(Scope.STREAMING_SESSIONS_WRITE);
        Workflow workflow = workflows.read(caller, request.workflowId(), Scope.STREAMING_SESSIONS_WRITE);
        if (!"streaming".equals(workflow.workflowType())) {
            throw ApiException.invalidField("workflowId", "workflowId: " + workflow.id()
                    + " is a batch workflow; sessions run streaming workflows");
        }
        requireBudget(caller.organizationId(), estimate);
        Deployment deployment = deploymentFor(workflow);
        Instant now = clock.instant();
        SessionState state = DeploymentService.STATUS_READY.equals(deployment.status()) ? SessionState.READY
                : SessionState.SCHEDULING;
        StreamingSession session = sessions.save(new StreamingSession(Ids.newId("sess"), caller.organizationId(),
                workflow.id(), deployment.id(), caller.userId(), state.wireName(), metadata, correlationId,
                schemaVersion, estimate, null, now, state == SessionState.READY ? now : null, null, null, null, null,
                null, null, null, null, json.createObjectNode(), null, null, null, now, now));
        return new SessionCreated(session.id(), wsUrl(session.id()), tokens.mint(session.id(), session.organizationId()));
    }

    /**
     * The workflow's production deployment when it is ready or rolling out (the session waits for its pod, in
     * {@code scheduling}), or an ephemeral dev deployment provisioned now: where a new session of {@code workflow}
     * runs (REST sessions and admitted provider calls alike).
     */
    public Deployment deploymentFor(Workflow workflow) {
        // ensureRunning records the use and starts an on-demand or idle-stopped deployment when its policy allows.
        return reconciler.get().ensureRunning(workflow.id())
                .filter(d -> DeploymentService.STATUS_READY.equals(d.status())
                        || DeploymentService.STATUS_PENDING.equals(d.status()))
                .orElseGet(() -> deployments.deploy(new DeploymentRequest(workflow.organizationId(), workflow.id(),
                        workflow.version(), workflowDeployments.definition(workflow), DEV_ENVIRONMENT,
                        DeploymentRequest.Resources.defaults(), true, config.ephemeralTtlSeconds())));
    }

    private void requireBudget(String organizationId, @Nullable Integer estimate) {
        Organization org = organizations.findById(organizationId)
                .orElseThrow(() -> new IllegalStateException("caller's organization " + organizationId + " is missing"));
        if (org.sessionSecondsBudget() == null) {
            return;
        }
        long remaining = org.sessionSecondsBudget() - org.sessionSecondsUsed();
        long needed = estimate == null ? 1 : Math.max(estimate, 1);
        if (needed > remaining) {
            throw new ApiException(HttpStatus.PAYMENT_REQUIRED, "budget-exceeded", "the organization has "
                    + Math.max(remaining, 0) + " session-seconds left of its budget of " + org.sessionSecondsBudget()
                    + "; this session needs " + needed);
        }
    }

    @Transactional(readOnly = true)
    public ListPage<SessionView> list(Caller caller, @Nullable String workflowId, @Nullable String status,
                                      @Nullable String limit, @Nullable String offset, @Nullable String sort) {
        PageRequest page = PageRequest.of(limit, offset, DEFAULT_LIMIT);
        SortOrder order = SortOrder.parse(sort, SORT_COLUMNS, "-started_at", "s.id");
        if (workflowId != null && !Ids.wellFormed(workflowId)) {
            throw ApiException.invalidField("workflowId", "workflowId is not a valid id");
        }
        List<Object> parameters = new ArrayList<>(List.of(caller.organizationId()));
        StringBuilder where = new StringBuilder("s.organization_id = ?");
        statusFilter(status, where, parameters);
        caller.requireScope(Scope.STREAMING_SESSIONS_READ);
        if (workflowId != null) {
            where.append(" AND s.workflow_id = ?");
            parameters.add(workflowId);
        }
        var result = query.page(StreamingSession.class, "streaming_sessions s", "s", where.toString(), parameters,
                order, page);
        return ListPage.of(result.count(), page, result.items().stream().map(this::view).toList());
    }

    /** Sessions of one workflow the caller can see ({@code GET /streaming-workflows/{id}/sessions}). */
    @Transactional(readOnly = true)
    public ListPage<SessionView> listOfWorkflow(Caller caller, String workflowId, @Nullable String status,
                                                @Nullable String limit, @Nullable String offset,
                                                @Nullable String sort) {
        PageRequest.of(limit, offset, DEFAULT_LIMIT);
        SortOrder.parse(sort, SORT_COLUMNS, "-started_at", "s.id");
        statusFilter(status, new StringBuilder(), new ArrayList<>());
        Workflow workflow = workflows.read(caller, workflowId, Scope.STREAMING_SESSIONS_READ);
        return list(caller, workflow.id(), status, limit, offset, sort);
    }

    private static void statusFilter(@Nullable String status, StringBuilder where, List<Object> parameters) {
        if (status == null || status.isBlank()) {
            return;
        }
        if (status.equals("active")) {
            // "active" in a filter means every non-terminal state, as the API document says.
            where.append(" AND s.status NOT IN ('ended', 'failed')");
            return;
        }
        SessionState state = SessionState.parseOrNull(status);
        if (state == null) {
            throw ApiException.invalidField("status", "status must be active (any live state) or one of pending,"
                    + " scheduling, ready, connecting, active, draining, ended, failed");
        }
        where.append(" AND s.status = ?");
        parameters.add(state.wireName());
    }

    /** A session of the caller's organization; anything else is 404. */
    public StreamingSession find(Caller caller, String sessionId, Scope scope) {
        if (!Ids.wellFormed(sessionId)) {
            throw ApiException.invalidField("id", "not a valid session id");
        }
        caller.requireScope(scope);
        return sessions.findByIdAndOrganizationId(sessionId, caller.organizationId())
                .orElseThrow(() -> ApiException.notFound("session", sessionId));
    }

    public SessionView get(Caller caller, String sessionId) {
        return view(find(caller, sessionId, Scope.STREAMING_SESSIONS_READ));
    }

    /** Ends the session and tells the live socket to close with 1000; ending an ended session does nothing. */
    public void end(Caller caller, String sessionId) {
        StreamingSession session = find(caller, sessionId, Scope.STREAMING_SESSIONS_WRITE);
        if (lifecycle.move(session.id(), SessionState.ENDED, "ended by API") instanceof SessionLifecycle.Outcome.Moved) {
            announceEnd(session.id(), "ended by API");
        }
    }

    /** Tells whoever holds the session that it ended; the database already says so, so a Redis outage is logged. */
    public void announceEnd(String sessionId, String reason) {
        try {
            control.publish(ControlMessage.end(sessionId, reason));
        } catch (ControlChannelException e) {
            LOG.warn("session {} ended, but its socket was not told: {}", sessionId, e.getMessage());
        }
    }

    public SessionViews.Injected inject(Caller caller, String sessionId, @Nullable Inject request) {
        if (!Ids.wellFormed(sessionId)) {
            throw ApiException.invalidField("id", "not a valid session id");
        }
        String text = request == null || request.text() == null ? "" : request.text();
        if (text.isBlank()) {
            throw ApiException.invalidField("text", "text is required");
        }
        if (text.length() > MAX_INJECT_CHARS) {
            throw ApiException.invalidField("text", "text must be at most " + MAX_INJECT_CHARS + " characters");
        }
        String role = request.role() == null ? "system" : request.role();
        if (!ROLE.matcher(role).matches()) {
            throw ApiException.invalidField("role", "role must be a lowercase word such as system, user or assistant");
        }
        StreamingSession session = find(caller, sessionId, Scope.STREAMING_SESSIONS_WRITE);
        if (session.state().terminal()) {
            throw ApiException.conflict("session " + sessionId + " has " + session.status() + "; nothing to inject into");
        }
        try {
            control.publish(ControlMessage.inject(session.id(), text, role));
        } catch (ControlChannelException e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "control_channel_unavailable", e.getMessage());
        }
        return new SessionViews.Injected(true);
    }

    SessionView view(StreamingSession s) {
        String token = s.state().terminal() ? null : tokens.mint(s.id(), s.organizationId());
        CallView call = s.callType() == null ? null : new CallView(s.callType(), s.callId(), s.callerNumber(),
                s.calledNumber(), s.provider(), s.providerIdentifiers(), s.closeCode(), s.closeReason());
        return new SessionView(s.id(), s.workflowId(), s.deploymentId(), s.status(), s.ownerId(), s.organizationId(),
                s.metadata(), s.correlationId(), s.dispositionSchemaVersion(), s.estimatedDurationSeconds(),
                s.startedAt(), s.readyAt(), s.endedAt(), s.endReason(), wsUrl(s.id()), token, call);
    }

    String wsUrl(String sessionId) {
        String base = config.publicWsBase().endsWith("/") ? config.publicWsBase().substring(0,
                config.publicWsBase().length() - 1) : config.publicWsBase();
        return base + "/api/v1/streaming/sessions/" + sessionId + "/ws";
    }

    private ObjectNode metadata(@Nullable JsonNode metadata) {
        if (metadata == null || metadata.isNull()) {
            return json.createObjectNode();
        }
        if (!metadata.isObject()) {
            throw ApiException.invalidField("metadata", "metadata must be a JSON object");
        }
        if (metadata.toString().length() > MAX_METADATA_BYTES) {
            throw ApiException.invalidField("metadata", "metadata must be at most " + MAX_METADATA_BYTES + " bytes of JSON");
        }
        return (ObjectNode) metadata;
    }

    private static Integer estimate(@Nullable JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > MAX_ESTIMATE_SECONDS) {
            throw ApiException.invalidField("estimatedDurationSeconds",
                    "estimatedDurationSeconds must be a number of seconds from 0 to " + MAX_ESTIMATE_SECONDS);
        }
        return (int) Math.ceil(value.asDouble());
    }

    @Nullable
    private static String shortText(@Nullable String value, String field) {
        if (value != null && !SHORT_TEXT.matcher(value).matches()) {
            throw ApiException.invalidField(field, field + " must be 1-128 printable ASCII characters");
        }
        return value;
    }
}
