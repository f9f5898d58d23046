package io.mgw.controlplane.execution;

import java.util.UUID;

/**
 * Published (as an application event, inside the storing transaction) when a run event was stored for the first
 * time; listeners that must only see committed rows use {@code @TransactionalEventListener}.
 *
 * @param executionId the run
 * @param seq         the stored event's seq
 */
public record RunEventStored(UUID executionId, long seq) {
}
