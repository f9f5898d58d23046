package io.mgw.adapters.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The body of a pod's trigger endpoint ({@code POST /deployments/{id}/trigger}, {@code POST /trigger}); the workflows
 * API's trigger body plus the execution id control plane already recorded.
 *
 * @param triggerType  the caller's label (default api)
 * @param inputs       the trigger's input data
 * @param sync         wait for the run and answer its output
 * @param executionId  the run's UUID; null lets the pod choose one
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TriggerRequest(String triggerType, JsonNode inputs, Boolean sync, String executionId) {
}
