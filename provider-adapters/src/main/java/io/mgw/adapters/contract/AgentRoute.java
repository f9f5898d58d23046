package io.mgw.adapters.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The workflow behind an agent UUID, from the control plane's {@code GET /internal/v1/agents/{agentUuid}}
 * (404 when no workflow has that UUID).
 *
 * @param agentUuid      the workflow's stable agent UUID
 * @param workflowId     the workflow
 * @param organizationId its tenant
 * @param workflowType   the workflow's type
 * @param status         the workflow's status
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AgentRoute(String agentUuid, String workflowId, String organizationId, String workflowType, String status) {

    /** Path of the lookup on the control plane. */
    public static String path(String agentUuid) {
        return "/internal/v1/agents/" + agentUuid;
    }
}
