package io.mgw.adapters.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What a gateway needs to route a session socket, from the control plane's {@code GET /internal/v1/sessions/{id}}.
 *
 * @param sessionId             the session
 * @param organizationId        its tenant (must match the ws_token's {@code org})
 * @param workflowId            the workflow it runs
 * @param deploymentId          the deployment whose pods may take it (null while none is assigned)
 * @param status                the session's state; gateways connect only pending, scheduling, ready, connecting, active
 * @param maxConcurrentSessions the deployment's per-deployment cap (null: unlimited), enforced at connect with 1013
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SessionRoute(String sessionId, String organizationId, String workflowId, String deploymentId,
                           String status, Integer maxConcurrentSessions) {

    /** Path of the lookup on the control plane. */
    public static String path(String sessionId) {
        return "/internal/v1/sessions/" + sessionId;
    }
}
