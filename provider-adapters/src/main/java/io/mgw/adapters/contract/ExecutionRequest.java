package io.mgw.adapters.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A batch run handed to a runtime ({@code POST /internal/executions}): the graph to run and its inputs. The runtime
 * answers 202 with {@link ExecutionAccepted} and reports the run as {@code execution.event}s on {@code mgw:events}.
 *
 * @param executionId    the run's UUID, chosen by the caller (so its record exists before the first event)
 * @param organizationId the tenant, stamped on every event
 * @param workflowId     the workflow run
 * @param deploymentId   the deployment it runs for, or null for a draft run
 * @param triggerType    what started it: api, queue, email, event, ... (selects the matching trigger node)
 * @param definition     {@code {"nodes":[...],"connections":[...],"settings":{...}}} as the workflows API has them
 * @param inputs         the trigger's input data (an object; null means {})
 * @param firstSeq       the {@code seq} of the run's first {@code execution.event} (null means 1); a redelivered run
 *                       continues after the events its lost attempt left
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ExecutionRequest(String executionId, String organizationId, String workflowId, String deploymentId,
                               String triggerType, JsonNode definition, JsonNode inputs, Long firstSeq) {
}
