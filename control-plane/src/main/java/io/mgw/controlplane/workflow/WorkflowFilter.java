package io.mgw.controlplane.workflow;

import io.micronaut.core.annotation.Nullable;
import io.mgw.controlplane.common.PageRequest;
import io.mgw.controlplane.common.SortOrder;

/**
 * What a workflow list asks for, already validated.
 *
 * @param workflowType     {@code batch}, {@code streaming} or null for both
 * @param status           lifecycle status to match, or null
 * @param deploymentStatus deployment status to match (the streaming view's status), or null
 * @param tag              a tag the workflow must carry, or null
 * @param search           case-insensitive substring of name or description, or null
 */
public record WorkflowFilter(@Nullable String workflowType, @Nullable String status, @Nullable String deploymentStatus,
                             @Nullable String tag, @Nullable String search, SortOrder sort, PageRequest page) {
}
