package io.mgw.runtime.engine;

import io.mgw.adapters.contract.workflow.GraphNode;
import io.mgw.runtime.engine.nodes.AgentNode;
import io.mgw.runtime.engine.nodes.CallActionNode;
import io.mgw.runtime.engine.nodes.DispositionNode;
import io.mgw.runtime.engine.nodes.DtmfMenuNode;
import io.mgw.runtime.engine.nodes.EchoNode;
import io.mgw.runtime.engine.nodes.HandoffNode;
import io.mgw.runtime.engine.nodes.LlmNode;
import io.mgw.runtime.engine.nodes.PlayNode;
import io.mgw.runtime.engine.nodes.SayTextNode;
import io.mgw.runtime.engine.nodes.VadNode;
import io.mgw.runtime.engine.nodes.WebhookNode;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Instantiates a graph node's behaviour by catalog type. Types without a streaming implementation pass frames
 * through; each such type is logged once per pod. Thread-safe.
 */
public final class NodeFactory {

    private static final Logger log = LoggerFactory.getLogger(NodeFactory.class);
    private static final StreamingNode PASS_THROUGH = new StreamingNode() {
    };

    private final NodeServices services;
    private final Set<String> reportedTypes = ConcurrentHashMap.newKeySet();

    public NodeFactory(NodeServices services) {
        this.services = services;
    }

    /** A fresh node instance for one session (may throw on bad config: the engine reports it). */
    public StreamingNode create(GraphNode node, boolean root) {
        return switch (node.type()) {
            case "echo" -> new EchoNode(node.config());
            case "say-text" -> new SayTextNode(node.config(), root);
            case "vad" -> new VadNode(node.config());
            case "disposition" -> new DispositionNode(node.config());
            case "dtmf-menu" -> new DtmfMenuNode(node.config(), root);
            case "play" -> new PlayNode(node.config(), root, services);
            case "agent" -> new AgentNode(node);
            case "handoff" -> new HandoffNode(node.config());
            case "transfer-call" -> CallActionNode.transfer(node.config());
            case "hang-up" -> CallActionNode.hangUp(node.config());
            case "webhook" -> new WebhookNode(node.config(), services.http());
            case "llm" -> new LlmNode(node.config(), services);
            default -> {
                if (reportedTypes.add(node.type())) {
                    log.info("node type '{}' has no streaming behaviour on this pod; it passes frames through", node.type());
                }
                yield PASS_THROUGH;
            }
        };
    }

    /** The behaviour used for a node that could not be created. */
    static StreamingNode passThrough() {
        return PASS_THROUGH;
    }
}
