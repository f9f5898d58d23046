package io.mgw.controlplane.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.controlplane.workflow.graph.Issue;
import java.util.List;

/** JSON shapes of validate, layout, compute-scopes, templates and discover. */
public final class AnalysisViews {

    private AnalysisViews() {
    }

    /** {@code POST /validate}. */
    public record Validation(String workflowId, boolean valid, List<Issue> errors, List<Issue> warnings, int nodeCount,
                             int connectionCount) {
    }

    /** {@code POST /layout}. */
    public record Layout(String workflowId, boolean changed, int nodesRepositioned) {
    }

    /** {@code POST /compute-scopes}. */
    public record Scopes(String workflowId, List<String> scopes) {
    }

    /** {@code GET /templates}. */
    public record Templates(int count, List<ObjectNode> templates) {
    }

    /** One entry of {@code GET /discover}. */
    public record Discovered(String id, String name, String description,
                             @JsonProperty("trigger_type") String triggerType, String mode, Endpoints endpoints,
                             DeploymentRef deployment) {
    }

    /** Where to call a discovered workflow. */
    public record Endpoints(@JsonProperty("proxy_url") String proxyUrl, String method) {
    }

    /** The deployment behind a discovered workflow. */
    public record DeploymentRef(@JsonProperty("pod_name") String podName, String namespace) {
    }
}
