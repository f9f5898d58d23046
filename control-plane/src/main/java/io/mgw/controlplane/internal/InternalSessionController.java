package io.mgw.controlplane.internal;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.mgw.adapters.contract.Ids;
import io.mgw.adapters.contract.SessionRoute;
import io.mgw.controlplane.deployment.Deployment;
import io.mgw.controlplane.deployment.DeploymentRepository;
import io.mgw.controlplane.error.ApiException;
import io.mgw.controlplane.session.StreamingSession;
import io.mgw.controlplane.session.StreamingSessionRepository;
import io.swagger.v3.oas.annotations.Hidden;

/** {@code /internal/v1/sessions/{id}}: the session lookup gateways do before upgrading a session socket. */
@Hidden
@Controller("/internal/v1/sessions")
@ExecuteOn(TaskExecutors.BLOCKING)
public class InternalSessionController {

    private final StreamingSessionRepository sessions;
    private final DeploymentRepository deployments;

    public InternalSessionController(StreamingSessionRepository sessions, DeploymentRepository deployments) {
        this.sessions = sessions;
        this.deployments = deployments;
    }

    @Get("/{id}")
    public SessionRoute route(String id) {
        if (!Ids.wellFormed(id)) {
            throw ApiException.invalidField("id", "not a valid session id");
        }
        StreamingSession session = sessions.findById(id).orElseThrow(() -> ApiException.notFound("session", id));
        Integer cap = session.deploymentId() == null ? null
                : deployments.findById(session.deploymentId()).map(Deployment::maxConcurrentSessions).orElse(null);
        return new SessionRoute(session.id(), session.organizationId(), session.workflowId(), session.deploymentId(),
                session.status(), cap);
    }
}
