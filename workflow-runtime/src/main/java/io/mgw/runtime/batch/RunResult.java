package io.mgw.runtime.batch;

import com.fasterxml.jackson.databind.JsonNode;

/** How a batch run ended: {@code completed} with its output, or {@code failed} with an error. */
public record RunResult(String executionId, String workflowId, boolean completed, JsonNode output, String error) {
}
