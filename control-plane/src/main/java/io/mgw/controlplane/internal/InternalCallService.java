package io.mgw.controlplane.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.contract.AgentRoute;
import io.mgw.adapters.contract.CallAdmission;
import io.mgw.adapters.contract.CallAdmissionRequest;
import io.mgw.adapters.contract.Ids;
import io.mgw.controlplane.deployment.Deployment;
import io.mgw.controlplane.deployment.DeploymentService;
import io.mgw.controlplane.error.ApiException;
import io.mgw.controlplane.session.SessionLifecycle;
import io.mgw.controlplane.session.SessionService;
import io.mgw.controlplane.session.SessionState;
import io.mgw.controlplane.session.StreamingSession;
import io.mgw.controlplane.session.StreamingSessionRepository;
import io.mgw.controlplane.workflow.Workflow;
import io.mgw.controlplane.workflow.WorkflowRepository;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The agent stream's side of the control plane: agent lookups, call admission (quota, concurrent-call limit, the
 * session on the workflow's deployment as {@link SessionService#deploymentFor} chooses it) and release.
 */
@Singleton
public class InternalCallService {

    private static final String LOCK_ORGANIZATION = "SELECT session_seconds_budget, session_seconds_used,"
            + " concurrent_call_limit FROM organizations WHERE id = ? FOR UPDATE";
    private static final String LIVE_CALLS = "SELECT count(*) FROM streaming_sessions WHERE organization_id = ?"
            + " AND call_type IS NOT NULL AND status NOT IN ('ended', 'failed')";
    private static final String CONFIGURATION = "SELECT 1 FROM telephony_configurations WHERE id = ? AND organization_id = ?";
    private static final String BY_AGENT = "SELECT id FROM workflows WHERE agent_uuid = ?";
    /** An abandoned admission's failed session; nothing when the admission created it first. */
    private static final String RECORD_ABANDONED = "INSERT INTO streaming_sessions (id, organization_id, workflow_id,"
            + " status, metadata, started_at, ended_at, end_reason, billed_seconds, call_type, call_id, caller_number,"
            + " called_number, provider, provider_identifiers, telephony_configuration_id, close_code, close_reason,"
            + " created_at, updated_at)"
            + " VALUES (?, ?, ?, 'failed', ?::jsonb, ?, ?, ?, 0, 'inbound', ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (id) DO NOTHING";
    static final String ABANDONED_REASON = "call admission abandoned: the gateway stopped waiting for it";
    /** What the caller got: the gateway closes a call whose admission failed with 1011. */
    static final int ABANDONED_CLOSE_CODE = 1011;
    static final String ABANDONED_CLOSE_REASON = "call admission failed";

    private final JdbcOperations jdbc;
    private final WorkflowRepository workflows;
    private final StreamingSessionRepository sessions;
    private final SessionService sessionService;
    private final SessionLifecycle lifecycle;
    private final ObjectMapper json;
    private final Clock clock;

    public InternalCallService(JdbcOperations jdbc, WorkflowRepository workflows, StreamingSessionRepository sessions,
                               SessionService sessionService, SessionLifecycle lifecycle, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.workflows = workflows;
        this.sessions = sessions;
        this.sessionService = sessionService;
        this.lifecycle = lifecycle;
        this.json = json;
        this.clock = clock;
    }

    /** The workflow behind an agent UUID; empty for an unknown or malformed UUID. */
    @Transactional(readOnly = true)
    public Optional<AgentRoute> agent(String agentUuid) {
        return byAgent(agentUuid).map(w -> new AgentRoute(w.agentUuid().toString(), w.id(), w.organizationId(),
                w.workflowType(), w.status()));
    }

    private Optional<Workflow> byAgent(String agentUuid) {
        UUID uuid;
        try {
            uuid = UUID.fromString(agentUuid);
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
        Optional<String> id = jdbc.prepareStatement(BY_AGENT, statement -> {
            statement.setObject(1, uuid);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.<String>empty();
            }
        });
        return id.flatMap(workflows::findById);
    }

    /**
     * Admits a call: the organization's row is locked so concurrent admissions count each other. Answers the session
     * and its deployment, or a refusal ({@code quota}, {@code concurrent_calls}).
     */
    @Transactional
    public CallAdmission admit(CallAdmissionRequest request) {
        if (request == null || request.organizationId() == null || request.provider() == null) {
            throw ApiException.badRequest("organization_id and provider are required");
        }
        if (request.sessionId() != null && !CallAdmissionRequest.acceptableSessionId(request.sessionId())) {
            throw ApiException.badRequest("session_id must be a session id (sess_...)");
        }
        Workflow workflow = workflowOf(request);
        if (request.telephonyConfigurationId() != null && !jdbc.prepareStatement(CONFIGURATION, statement -> {
            statement.setString(1, request.telephonyConfigurationId());
            statement.setString(2, request.organizationId());
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        })) {
            throw ApiException.badRequest("telephony_configuration_id does not name a configuration of the organization");
        }
        long[] org = jdbc.prepareStatement(LOCK_ORGANIZATION, statement -> {
            statement.setString(1, request.organizationId());
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                long budget = row.getLong(1);
                boolean unlimitedBudget = row.wasNull();
                long used = row.getLong(2);
                long limit = row.getLong(3);
                boolean unlimitedCalls = row.wasNull();
                return new long[] {unlimitedBudget ? -1 : budget, used, unlimitedCalls ? -1 : limit};
            }
        });
        if (org == null) {
            throw ApiException.notFound("organization", request.organizationId());
        }
        if (org[0] >= 0 && org[0] - org[1] < 1) {
            return CallAdmission.refusal(CallAdmission.REFUSED_QUOTA);
        }
        if (org[2] >= 0) {
            long live = jdbc.prepareStatement(LIVE_CALLS, statement -> {
                statement.setString(1, request.organizationId());
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            });
            if (live >= org[2]) {
                return CallAdmission.refusal(CallAdmission.REFUSED_CONCURRENT_CALLS);
            }
        }
        // After the organization's lock: an abandon's record of this id (which takes that row's key lock) is either
        // committed and seen here, or waits for this admission and then finds its session.
        String sessionId = request.sessionId() == null ? CallAdmissionRequest.newSessionId() : request.sessionId();
        if (sessions.existsById(sessionId)) {
            return CallAdmission.refusal(CallAdmission.REFUSED_SESSION_EXISTS);
        }
        Deployment deployment = sessionService.deploymentFor(workflow);
        Instant now = clock.instant();
        SessionState state = DeploymentService.STATUS_READY.equals(deployment.status()) ? SessionState.READY
                : SessionState.SCHEDULING;
        ObjectNode identifiers = identifiers(request);
        ObjectNode metadata = callMetadata();
        StreamingSession session = sessions.save(new StreamingSession(sessionId, workflow.organizationId(),
                workflow.id(), deployment.id(), null, state.wireName(), metadata, null, null, null, null, now,
                state == SessionState.READY ? now : null, null, null, null, "inbound", request.callId(),
                request.callerNumber(), request.calledNumber(), request.provider(), identifiers,
                request.telephonyConfigurationId(), null, null, now, now));
        return CallAdmission.admitted(session.id(), session.organizationId(), workflow.id(), deployment.id(),
                deployment.maxConcurrentSessions());
    }

    /**
     * The gateway stopped waiting for the admission of {@code request} (it timed out or lost the connection) and
     * closed the call with 1011. When the session exists (admitted after all) it fails, uncharged; when it does not,
     * a failed session with the call's details is recorded under its id, so the admission, should it still arrive,
     * is refused and the call shows up as failed. Either way no live session remains and no call slot is held.
     *
     * @return whether a session had that id already (admitted, or abandoned before)
     */
    @Transactional
    public boolean abandon(CallAdmissionRequest request) {
        if (request == null || request.organizationId() == null
                || !CallAdmissionRequest.acceptableSessionId(request.sessionId())) {
            throw ApiException.badRequest("organization_id and session_id (sess_...) are required");
        }
        Workflow workflow = workflowOf(request);
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        int recorded = jdbc.prepareStatement(RECORD_ABANDONED, statement -> {
            int i = 0;
            statement.setString(++i, request.sessionId());
            statement.setString(++i, workflow.organizationId());
            statement.setString(++i, workflow.id());
            statement.setString(++i, callMetadata().toString());
            statement.setObject(++i, now); // started_at
            statement.setObject(++i, now); // ended_at
            statement.setString(++i, ABANDONED_REASON);
            statement.setString(++i, request.callId());
            statement.setString(++i, request.callerNumber());
            statement.setString(++i, request.calledNumber());
            statement.setString(++i, request.provider());
            statement.setString(++i, identifiers(request).toString());
            statement.setString(++i, request.telephonyConfigurationId());
            statement.setInt(++i, ABANDONED_CLOSE_CODE);
            statement.setString(++i, ABANDONED_CLOSE_REASON);
            statement.setObject(++i, now); // created_at
            statement.setObject(++i, now); // updated_at
            return statement.executeUpdate();
        });
        if (recorded == 1) {
            return false;
        }
        lifecycle.failUnused(request.sessionId(), ABANDONED_REASON, ABANDONED_CLOSE_CODE, ABANDONED_CLOSE_REASON);
        return true;
    }

    private Workflow workflowOf(CallAdmissionRequest request) {
        Optional<Workflow> found = request.workflowId() != null && Ids.wellFormed(request.workflowId())
                ? workflows.findById(request.workflowId()) : byAgent(request.agentUuid());
        return found.filter(w -> w.organizationId().equals(request.organizationId()))
                .orElseThrow(() -> ApiException.notFound("agent", String.valueOf(request.agentUuid())));
    }

    private ObjectNode callMetadata() {
        ObjectNode metadata = json.createObjectNode();
        metadata.put("source", "agent-stream");
        return metadata;
    }

    private ObjectNode identifiers(CallAdmissionRequest request) {
        ObjectNode identifiers = json.createObjectNode();
        for (Map.Entry<String, String> e : request.providerIdentifiers().entrySet()) {
            identifiers.put(e.getKey(), e.getValue());
        }
        return identifiers;
    }

    /** Ends the call's session if it is still live; true when the session exists. */
    public boolean release(String sessionId) {
        SessionLifecycle.Outcome outcome = lifecycle.move(sessionId, SessionState.ENDED, "call released");
        return !(outcome instanceof SessionLifecycle.Outcome.Missing);
    }
}
