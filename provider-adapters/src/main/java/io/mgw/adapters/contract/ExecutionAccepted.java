package io.mgw.adapters.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The runtime's 202 answer to an {@link ExecutionRequest}: the run's id and {@code "running"}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ExecutionAccepted(String executionId, String status) {
}
