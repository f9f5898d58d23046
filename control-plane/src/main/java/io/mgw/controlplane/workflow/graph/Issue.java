package io.mgw.controlplane.workflow.graph;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One finding of {@link GraphValidator}, serialised as in workflows-api.txt's validate response
 * ({@code {type, message, nodeId}}; absent ids omitted).
 *
 * @param type         one of the constants below
 * @param nodeId       the node concerned, or {@code null}
 * @param connectionId the connection concerned, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Issue(String type, String message, String nodeId, String connectionId) {

    /** Error: the workflow has no nodes. */
    public static final String EMPTY_WORKFLOW = "empty-workflow";
    /** Error: a connection names a missing node or a port its node type does not declare. */
    public static final String BROKEN_CONNECTION = "broken-connection";
    /** Error: a node's type is not in the catalog. */
    public static final String UNKNOWN_NODE_TYPE = "unknown-node-type";
    /** Error (batch workflows): the connections form a cycle; the batch engine runs DAGs. */
    public static final String CYCLE = "cycle";
    /** Warning: a node with neither inbound nor outbound connections in a graph of several nodes. */
    public static final String DISCONNECTED_NODE = "disconnected-node";
    /** Warning: a node lacks required config. */
    public static final String MISSING_CONFIG = "missing-config";
    /** Warning (batch workflows): no trigger node. */
    public static final String NO_TRIGGER = "no-trigger";
}
