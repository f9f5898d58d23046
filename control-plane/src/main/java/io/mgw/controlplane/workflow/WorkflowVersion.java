package io.mgw.controlplane.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import java.time.Instant;

/** A snapshot of a workflow's graph and settings. */
@MappedEntity("workflow_versions")
public record WorkflowVersion(
        @Id String id,
        String workflowId,
        int version,
        String versionTag,
        @Nullable String description,
        @TypeDef(type = DataType.JSON) JsonNode nodes,
        @TypeDef(type = DataType.JSON) JsonNode connections,
        @TypeDef(type = DataType.JSON) JsonNode config,
        @TypeDef(type = DataType.JSON) JsonNode settings,
        @Nullable String createdBy,
        Instant createdAt) {
}
