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
 * @param timeoutMs    the caller's limit on the run's time (the run gets the shorter of it and the workflow's
 *                     {@code settings.timeout}); null for none
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TriggerRequest(String triggerType, JsonNode inputs, Boolean sync, String executionId, Long timeoutMs) {

    /** A request without a time limit of its own. */
    public TriggerRequest(String triggerType, JsonNode inputs, Boolean sync, String executionId) {
        this(triggerType, inputs, sync, executionId, null);
    }
}
