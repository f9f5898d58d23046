package io.mgw.controlplane.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import java.time.Instant;
import java.util.UUID;

/** A workflow row: batch and streaming workflows share the table, told apart by {@code workflowType}. */
@MappedEntity("workflows")
public record Workflow(
        @Id String id,
        String organizationId,
        String workspaceId,
        @Nullable String ownerId,
        String name,
        @Nullable String description,
        String workflowType,
        UUID agentUuid,
        String status,
        String deploymentStatus,
        int version,
        @TypeDef(type = DataType.JSON) JsonNode nodes,
        @TypeDef(type = DataType.JSON) JsonNode connections,
        @TypeDef(type = DataType.JSON) JsonNode config,
        @TypeDef(type = DataType.JSON) JsonNode settings,
        @TypeDef(type = DataType.STRING_ARRAY) String[] tags,
        @TypeDef(type = DataType.STRING_ARRAY) String[] scopes,
        @Nullable @TypeDef(type = DataType.JSON) JsonNode lifecyclePolicy,
        @Nullable String appId,
        boolean isPublic,
        boolean isTemplate,
        Instant createdAt,
        Instant updatedAt) {

    public Workflow withStatus(String newStatus, Instant now) {
        return new Workflow(id, organizationId, workspaceId, ownerId, name, description, workflowType, agentUuid,
                newStatus, deploymentStatus, version, nodes, connections, config, settings, tags, scopes,
                lifecyclePolicy, appId, isPublic, isTemplate, createdAt, now);
    }

    public Workflow withDeploymentStatus(String newDeploymentStatus, Instant now) {
        return new Workflow(id, organizationId, workspaceId, ownerId, name, description, workflowType, agentUuid,
                status, newDeploymentStatus, version, nodes, connections, config, settings, tags, scopes,
                lifecyclePolicy, appId, isPublic, isTemplate, createdAt, now);
    }

    public Workflow withGraph(JsonNode newNodes, JsonNode newConnections, Instant now) {
        return new Workflow(id, organizationId, workspaceId, ownerId, name, description, workflowType, agentUuid,
                status, deploymentStatus, version, newNodes, newConnections, config, settings, tags, scopes,
                lifecyclePolicy, appId, isPublic, isTemplate, createdAt, now);
    }

    public Workflow withScopes(String[] newScopes, Instant now) {
        return new Workflow(id, organizationId, workspaceId, ownerId, name, description, workflowType, agentUuid,
                status, deploymentStatus, version, nodes, connections, config, settings, tags, newScopes,
                lifecyclePolicy, appId, isPublic, isTemplate, createdAt, now);
    }

    public Workflow withVersion(int newVersion, Instant now) {
        return new Workflow(id, organizationId, workspaceId, ownerId, name, description, workflowType, agentUuid,
                status, deploymentStatus, newVersion, nodes, connections, config, settings, tags, scopes,
                lifecyclePolicy, appId, isPublic, isTemplate, createdAt, now);
    }

    public Workflow withLifecyclePolicy(JsonNode newPolicy, Instant now) {
        return new Workflow(id, organizationId, workspaceId, ownerId, name, description, workflowType, agentUuid,
                status, deploymentStatus, version, nodes, connections, config, settings, tags, scopes,
                newPolicy, appId, isPublic, isTemplate, createdAt, now);
    }
}
