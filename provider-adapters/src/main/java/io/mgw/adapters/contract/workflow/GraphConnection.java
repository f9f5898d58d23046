package io.mgw.adapters.contract.workflow;

import java.util.Objects;

/**
 * A directed connection from one node's output port to another node's input port.
 * Serialised by {@link WorkflowGraphJson} ({@code sourceNodeId}/{@code targetNodeId} in the workflow view,
 * {@code source}/{@code target} in the streaming view's {@code edges}).
 */
public record GraphConnection(String id, String source, String sourcePort, String target, String targetPort) {

    /** Port used when a connection names no source port. */
    public static final String DEFAULT_SOURCE_PORT = "output";
    /** Port used when a connection names no target port. */
    public static final String DEFAULT_TARGET_PORT = "input";

    public GraphConnection {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        sourcePort = sourcePort == null ? DEFAULT_SOURCE_PORT : sourcePort;
        targetPort = targetPort == null ? DEFAULT_TARGET_PORT : targetPort;
    }

    /** A connection with a fresh {@code conn-} id; {@code null} ports take the defaults. */
    public static GraphConnection of(String source, String sourcePort, String target, String targetPort) {
        return new GraphConnection(GraphIds.newConnectionId(), source, sourcePort, target, targetPort);
    }

    /** True when the connection starts or ends at {@code nodeId}. */
    public boolean touches(String nodeId) {
        return source.equals(nodeId) || target.equals(nodeId);
    }
}
