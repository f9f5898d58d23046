package io.mgw.runtime.batch;

import io.mgw.adapters.contract.workflow.NodeCatalog;
import io.mgw.adapters.contract.workflow.NodeType;
import io.mgw.runtime.batch.nodes.ConditionNode;
import io.mgw.runtime.batch.nodes.DelayNode;
import io.mgw.runtime.batch.nodes.HttpRequestNode;
import io.mgw.runtime.batch.nodes.LogNode;
import io.mgw.runtime.batch.nodes.PassThroughNode;
import io.mgw.runtime.batch.nodes.SetNode;
import io.mgw.runtime.batch.nodes.SqlQueryNode;
import io.mgw.runtime.batch.nodes.TransformNode;
import io.mgw.runtime.http.NodeHttp;
import java.util.Map;

/** The batch work nodes by catalog id; trigger nodes pass the run's inputs on. Stateless, shared by all runs. */
final class BatchNodes {

    private final NodeCatalog catalog;
    private final Map<String, BatchNode> byType;
    private final BatchNode trigger = new PassThroughNode();

    BatchNodes(NodeCatalog catalog, NodeHttp http, DataSources dataSources) {
        this.catalog = catalog;
        this.byType = Map.of(
                "http-request", new HttpRequestNode(http),
                "transform", new TransformNode(),
                "condition", new ConditionNode(),
                "delay", new DelayNode(),
                "set", new SetNode(),
                "log", new LogNode(),
                "postgres-query", new SqlQueryNode(dataSources, SqlDialect.POSTGRES),
                "mysql-source", new SqlQueryNode(dataSources, SqlDialect.MYSQL));
    }

    /** The node for a catalog id; a streaming-only or unknown type is a bad-config failure of that step. */
    BatchNode forType(String type) {
        if (catalog.isTrigger(type)) {
            return trigger;
        }
        BatchNode node = byType.get(type);
        if (node != null) {
            return node;
        }
        boolean streaming = catalog.find(type).map(NodeType::streaming).orElse(false);
        throw NodeFailure.badConfig(streaming
                ? "node type " + type + " runs in streaming sessions only, not in batch runs"
                : "unknown node type " + type);
    }
}
