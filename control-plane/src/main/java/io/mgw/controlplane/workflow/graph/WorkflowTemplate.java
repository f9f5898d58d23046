package io.mgw.controlplane.workflow.graph;

import io.mgw.adapters.contract.workflow.WorkflowGraph;
import java.time.Instant;
import java.util.List;

/**
 * A built-in workflow template (workflows-api.txt, templates): a complete, validated graph a user starts from.
 * Serialise with {@link WorkflowTemplates#toJson(WorkflowTemplate)}.
 *
 * @param id           {@code wf_tmpl_...}
 * @param workflowType {@code batch} or {@code streaming}
 */
public record WorkflowTemplate(String id, String name, String description, List<String> tags, String workflowType,
                               WorkflowGraph graph, Instant createdAt) {

    public WorkflowTemplate {
        tags = List.copyOf(tags);
    }
}
