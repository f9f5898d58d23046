package io.mgw.controlplane.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import io.mgw.adapters.contract.Ids;
import io.mgw.adapters.contract.workflow.GraphConnection;
import io.mgw.adapters.contract.workflow.GraphFormatException;
import io.mgw.adapters.contract.workflow.GraphNode;
import io.mgw.adapters.contract.workflow.NodeCatalog;
import io.mgw.adapters.contract.workflow.NodeType;
import io.mgw.adapters.contract.workflow.WorkflowGraph;
import io.mgw.adapters.contract.workflow.WorkflowGraphJson;
import io.mgw.controlplane.auth.Caller;
import io.mgw.controlplane.auth.Scope;
import io.mgw.controlplane.error.ApiException;
import io.mgw.controlplane.workflow.GraphViews.ConnectionCreated;
import io.mgw.controlplane.workflow.GraphViews.ConnectionRemoved;
import io.mgw.controlplane.workflow.GraphViews.InputMappings;
import io.mgw.controlplane.workflow.GraphViews.NodeChanged;
import io.mgw.controlplane.workflow.GraphViews.NodeList;
import io.mgw.controlplane.workflow.GraphViews.NodeRemoved;
import io.mgw.controlplane.workflow.GraphViews.NodeSummary;
import io.mgw.controlplane.workflow.GraphViews.PassThroughValues;
import io.mgw.controlplane.workflow.graph.NodePlacement;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/** Editing a workflow's graph node by node and connection by connection. */
@Singleton
public class WorkflowGraphService {

    /** A source expression of an input mapping: {@code data.user.id}, {@code items[0].name}. */
    private static final Pattern EXPRESSION = Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*|\\[\\d+])*");
    private static final Pattern SEMVER = Pattern.compile("\\d+\\.\\d+\\.\\d+([-+][0-9A-Za-z.-]+)?");
    private static final Pattern KEY = Pattern.compile("[A-Za-z_$][\\w$.-]{0,127}");

    private final WorkflowAccess access;
    private final WorkflowRepository workflows;
    private final NodeCatalog catalog;
    private final NodePlacement placement;
    private final Clock clock;

    public WorkflowGraphService(WorkflowAccess access, WorkflowRepository workflows, NodeCatalog catalog,
                                NodePlacement placement, Clock clock) {
        this.access = access;
        this.workflows = workflows;
        this.catalog = catalog;
        this.placement = placement;
        this.clock = clock;
    }

    public NodeList nodes(Caller caller, String workflowId) {
        Workflow workflow = access.read(caller, workflowId, Scope.WORKFLOWS_READ);
        WorkflowGraph graph = WorkflowInput.graphOf(workflow);
        return new NodeList(workflow.id(), graph.nodes().size(), graph.nodes().stream().map(node -> new NodeSummary(
                node.id(), node.type(), node.label(), node.category(),
                node.position() == null ? null : WorkflowGraphJson.writePosition(node.position()),
                !node.config().isEmpty(), graph.inbound(node.id()).size(), graph.outbound(node.id()).size()))
                .toList());
    }

    @Transactional
    public NodeChanged addNode(Caller caller, String workflowId, @Nullable JsonNode body) {
        WorkflowAccess.requireWellFormed(workflowId);
        GraphNode requested = readBody(() -> WorkflowGraphJson.readNode(body, "body"));
        NodeType type = catalog.find(requested.type()).orElseThrow(() -> ApiException.invalidField(
                body.has("nodeType") && !body.has("nodeId") ? "nodeType" : "nodeId",
                "unknown node type '" + requested.type() + "'; see the node catalog"));
        if (requested.nodeVersion() != null && !SEMVER.matcher(requested.nodeVersion()).matches()) {
            throw ApiException.invalidField("version", "version must be a semantic version such as 1.2.0");
        }
        Workflow workflow = access.write(caller, workflowId, Scope.WORKFLOWS_WRITE);
        WorkflowGraph graph = WorkflowInput.graphOf(workflow);
        if (graph.node(requested.id()).isPresent()) {
            throw ApiException.conflict("node " + requested.id() + " already exists in workflow " + workflowId);
        }
        GraphNode node = new GraphNode(requested.id(), type.id(),
                requested.label() == null ? type.name() : requested.label(), type.category(),
                requested.nodeVersion() == null ? type.version() : requested.nodeVersion(), requested.position(),
                requested.config(), requested.inputMappings(), requested.passThroughValues(), requested.data());
        if (node.position() == null) {
            node = placement.place(graph, node);
        }
        save(workflow, graph.withNode(node));
        return new NodeChanged(node.id(), workflow.id(), WorkflowGraphJson.writeNode(node));
    }

    @Transactional
    public NodeChanged configureNode(Caller caller, String workflowId, String nodeId, @Nullable JsonNode body) {
        requireIds(workflowId, nodeId, "sub");
        if (body == null || !body.isObject()) {
            throw ApiException.invalidField("config", "the body must be a JSON object: {\"config\": {...}, \"label\": ...}"
                    + " or the config itself");
        }
        ObjectNode patch;
        String label = null;
        JsonNode labelNode = body.get("label");
        if (labelNode != null && !labelNode.isNull() && (!labelNode.isTextual() || labelNode.asText().isBlank())) {
            throw ApiException.invalidField("label", "label must be a non-blank string");
        }
        if (body.has("config")) {
            if (!body.get("config").isObject()) {
                throw ApiException.invalidField("config", "config must be a JSON object");
            }
            patch = (ObjectNode) body.get("config");
            label = labelNode == null || labelNode.isNull() ? null : labelNode.asText();
        } else {
            // The documented shorthand: an unwrapped body is the config; a label in it still renames the node.
            patch = ((ObjectNode) body).deepCopy();
            if (labelNode != null) {
                patch.remove("label");
                label = labelNode.isNull() ? null : labelNode.asText();
            }
        }
        Workflow workflow = access.write(caller, workflowId, Scope.WORKFLOWS_WRITE);
        WorkflowGraph graph = WorkflowInput.graphOf(workflow);
        GraphNode node = existingNode(graph, nodeId).withConfigMerged(patch);
        if (label != null) {
            node = node.withLabel(label);
        }
        save(workflow, graph.withNode(node));
        return new NodeChanged(node.id(), workflow.id(), WorkflowGraphJson.writeNode(node));
    }

    @Transactional
    public NodeRemoved deleteNode(Caller caller, String workflowId, String nodeId) {
        requireIds(workflowId, nodeId, "sub");
        Workflow workflow = access.write(caller, workflowId, Scope.WORKFLOWS_WRITE);
        WorkflowGraph graph = WorkflowInput.graphOf(workflow);
        existingNode(graph, nodeId);
        int removedConnections = (int) graph.connections().stream().filter(c -> c.touches(nodeId)).count();
        save(workflow, graph.withoutNode(nodeId));
        return new NodeRemoved(true, nodeId, removedConnections, workflow.id());
    }

    @Transactional
    public InputMappings setInputMappings(Caller caller, String workflowId, String nodeId, @Nullable JsonNode body) {
        requireIds(workflowId, nodeId, "sub");
        ObjectNode mappings = stringMap(body, "mappings", true);
        Workflow workflow = access.write(caller, workflowId, Scope.WORKFLOWS_WRITE);
        WorkflowGraph graph = WorkflowInput.graphOf(workflow);
        GraphNode node = existingNode(graph, nodeId).withInputMappings(mappings);
        save(workflow, graph.withNode(node));
        return new InputMappings(nodeId, workflow.id(), node.inputMappings());
    }

    @Transactional
    public PassThroughValues setPassThroughValues(Caller caller, String workflowId, String nodeId,
                                                  @Nullable JsonNode body) {
        requireIds(workflowId, nodeId, "sub");
        ObjectNode values = stringMap(body, "values", false);
        Workflow workflow = access.write(caller, workflowId, Scope.WORKFLOWS_WRITE);
        WorkflowGraph graph = WorkflowInput.graphOf(workflow);
        GraphNode node = existingNode(graph, nodeId).withPassThroughValues(values);
        save(workflow, graph.withNode(node));
        return new PassThroughValues(nodeId, workflow.id(), node.passThroughValues());
    }

    @Transactional
    public ConnectionCreated connect(Caller caller, String workflowId, @Nullable JsonNode body) {
        WorkflowAccess.requireWellFormed(workflowId);
        GraphConnection requested = readBody(() -> WorkflowGraphJson.readConnection(body, "body"));
        if (requested.source().equals(requested.target())) {
            throw ApiException.invalidField("targetNodeId", "a node cannot be connected to itself");
        }
        Workflow workflow = access.write(caller, workflowId, Scope.WORKFLOWS_WRITE);
        WorkflowGraph graph = WorkflowInput.graphOf(workflow);
        GraphNode source = graph.node(requested.source()).orElseThrow(() -> ApiException.invalidField("sourceNodeId",
                "sourceNodeId: node " + requested.source() + " is not in workflow " + workflowId));
        GraphNode target = graph.node(requested.target()).orElseThrow(() -> ApiException.invalidField("targetNodeId",
                "targetNodeId: node " + requested.target() + " is not in workflow " + workflowId));
        catalog.find(source.type()).filter(type -> !type.hasOutput(requested.sourcePort())).ifPresent(type -> {
            throw ApiException.invalidField("sourcePort", "sourcePort: " + source.type() + " has no output '"
                    + requested.sourcePort() + "'; its outputs are " + type.ports().outputs());
        });
        catalog.find(target.type()).filter(type -> !type.hasInput(requested.targetPort())).ifPresent(type -> {
            throw ApiException.invalidField("targetPort", "targetPort: " + target.type() + " has no input '"
                    + requested.targetPort() + "'; its inputs are " + type.ports().inputs());
        });
        boolean duplicate = graph.connections().stream().anyMatch(c -> c.id().equals(requested.id())
                || c.source().equals(requested.source()) && c.sourcePort().equals(requested.sourcePort())
                && c.target().equals(requested.target()) && c.targetPort().equals(requested.targetPort()));
        if (duplicate) {
            throw ApiException.conflict("that connection already exists");
        }
        save(workflow, graph.withConnection(requested));
        return new ConnectionCreated(requested.id(), workflow.id(), WorkflowGraphJson.writeEdge(requested));
    }

    @Transactional
    public ConnectionRemoved disconnect(Caller caller, String workflowId, String connectionId) {
        requireIds(workflowId, connectionId, "sub");
        Workflow workflow = access.write(caller, workflowId, Scope.WORKFLOWS_WRITE);
        WorkflowGraph graph = WorkflowInput.graphOf(workflow);
        graph.connection(connectionId).orElseThrow(() -> ApiException.notFound("connection", connectionId));
        save(workflow, graph.withoutConnection(connectionId));
        return new ConnectionRemoved(true, connectionId, workflow.id());
    }

    private void save(Workflow workflow, WorkflowGraph graph) {
        workflows.update(WorkflowInput.withGraph(workflow, graph, clock.instant()));
    }

    private static GraphNode existingNode(WorkflowGraph graph, String nodeId) {
        return graph.node(nodeId).orElseThrow(() -> ApiException.notFound("node", nodeId));
    }

    private static <T> T readBody(java.util.function.Supplier<T> reader) {
        try {
            return reader.get();
        } catch (GraphFormatException e) {
            throw WorkflowInput.invalid(e);
        }
    }

    private static void requireIds(String workflowId, String subId, String subField) {
        WorkflowAccess.requireWellFormed(workflowId);
        if (!Ids.wellFormed(subId)) {
            throw ApiException.invalidField(subField, "not a valid id");
        }
    }

    /** {@code {"<field>": {"key": "string", ...}}}; for mappings each value must be a source expression. */
    private static ObjectNode stringMap(@Nullable JsonNode body, String field, boolean expressions) {
        JsonNode value = body == null ? null : body.get(field);
        if (value == null || !value.isObject()) {
            throw ApiException.invalidField(field, field + " is required and must be a JSON object of strings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!KEY.matcher(entry.getKey()).matches()) {
                throw ApiException.invalidField(field, field + ": '" + entry.getKey() + "' is not a valid field name");
            }
            if (!entry.getValue().isTextual()) {
                throw ApiException.invalidField(field, field + "." + entry.getKey() + " must be a string");
            }
            if (expressions && !EXPRESSION.matcher(entry.getValue().asText()).matches()) {
                throw ApiException.invalidField(field, field + "." + entry.getKey() + ": '" + entry.getValue().asText()
                        + "' is not a source expression such as data.user.id");
            }
        }
        return (ObjectNode) value;
    }
}
