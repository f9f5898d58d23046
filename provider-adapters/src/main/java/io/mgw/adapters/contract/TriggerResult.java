package io.mgw.adapters.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A trigger's answer (workflows API, trigger, 200): {@code status} is {@code started} for an async trigger,
 * {@code completed} or {@code failed} for a sync one; {@code error} only when failed.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TriggerResult(String status, String executionId, String workflowId, JsonNode output, String error) {

    public static final String STARTED = "started";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
}
