package io.mgw.controlplane.workflow.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.contract.workflow.GraphConnection;
import io.mgw.adapters.contract.workflow.GraphNode;
import io.mgw.adapters.contract.workflow.NodeCatalog;
import io.mgw.adapters.contract.workflow.WorkflowGraphJson;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WorkflowTemplatesTest {

    private final NodeCatalog catalog = NodeCatalog.builtIn();
    private final WorkflowTemplates templates = WorkflowTemplates.load(catalog);

    @Test
    void shipsUsefulBatchAndStreamingTemplates() {
        Set<String> ids = templates.all().stream().map(WorkflowTemplate::id).collect(Collectors.toSet());
        assertTrue(ids.containsAll(Set.of("wf_tmpl_webhook_to_api", "wf_tmpl_scheduled_report", "wf_tmpl_event_fanout",
                "wf_tmpl_queue_retry", "wf_tmpl_voice_agent", "wf_tmpl_echo")), ids.toString());
        assertTrue(templates.all().size() >= 5);
        WorkflowTemplate voice = templates.find("wf_tmpl_voice_agent").orElseThrow();
        assertEquals("streaming", voice.workflowType());
        Set<String> voiceTypes = voice.graph().nodes().stream().map(GraphNode::type).collect(Collectors.toSet());
        assertTrue(voiceTypes.containsAll(Set.of("vad", "agent", "llm", "say-text", "disposition")), voiceTypes.toString());
        WorkflowTemplate echo = templates.find("wf_tmpl_echo").orElseThrow();
        assertEquals(List.of("echo"), echo.graph().nodes().stream().map(GraphNode::type).toList());
        assertTrue(templates.find("wf_tmpl_nope").isEmpty());
    }

    @Test
    void everyShippedTemplateValidatesCleanly() {
        GraphValidator validator = new GraphValidator(catalog);
        for (WorkflowTemplate t : templates.all()) {
            ValidationReport report = validator.validate(t.graph(), t.workflowType());
            assertTrue(report.valid(), t.id() + ": " + report.errors());
            assertEquals(List.of(), report.warnings(), t.id());
            if (t.workflowType().equals("streaming")) {
                assertTrue(t.graph().nodes().stream().allMatch(n -> catalog.find(n.type()).orElseThrow().streaming()),
                        t.id() + " uses only streaming nodes");
            }
        }
    }

    @Test
    void templateIdsAndGraphIdsHaveTheDocumentedShapes() {
        for (WorkflowTemplate t : templates.all()) {
            assertTrue(t.id().matches("wf_tmpl_[a-z0-9_]+"), t.id());
            for (GraphNode n : t.graph().nodes()) {
                assertTrue(n.id().matches("node-[a-z0-9]{16,24}"), n.id());
                assertEquals(catalog.find(n.type()).orElseThrow().category(), n.category(), "catalog defaults applied");
            }
            for (GraphConnection c : t.graph().connections()) {
                assertTrue(c.id().matches("conn-[a-z0-9]{16,24}"), c.id());
            }
        }
    }

    @Test
    void shippedTemplatesAreAlreadyLaidOut() {
        LayeredLayout layout = new LayeredLayout();
        for (WorkflowTemplate t : templates.all()) {
            assertFalse(layout.layout(t.graph()).changed(), t.id() + " positions match the layout");
        }
    }

    @Test
    void toJsonHasTheApiShapeAndReadsBack() {
        WorkflowTemplate t = templates.find("wf_tmpl_event_fanout").orElseThrow();
        ObjectNode json = WorkflowTemplates.toJson(t);
        List<String> fields = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("id", "name", "description", "tags", "workflowType", "nodes", "connections", "createdAt"), fields);
        assertEquals("2025-01-01T00:00:00Z", json.get("createdAt").asText());
        JsonNode connection = json.get("connections").get(0);
        assertTrue(connection.has("sourceNodeId") && connection.has("targetNodeId"));
        assertEquals(t.graph(), WorkflowGraphJson.read(json));
    }

    @Test
    void templateThatDoesNotValidateFailsTheLoad() {
        String json = """
                {"templates":[{"id":"wf_tmpl_bad","name":"Bad","description":"no trigger, broken port","tags":[],
                  "workflowType":"batch","createdAt":"2025-01-01T00:00:00Z",
                  "nodes":[{"id":"a","nodeId":"log","position":{"x":100,"y":100}},{"id":"b","nodeId":"log","position":{"x":350,"y":100}}],
                  "connections":[{"source":"a","sourcePort":"nope","target":"b"}]}]}""";
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> load(json));
        assertTrue(e.getMessage().contains("wf_tmpl_bad does not validate"), e.getMessage());
        assertTrue(e.getMessage().contains("broken-connection") && e.getMessage().contains("no-trigger"), e.getMessage());
    }

    @Test
    void malformedTemplatesFailTheLoadNamingTheField() {
        assertTrue(assertThrows(IllegalStateException.class, () -> load("""
                {"templates":[{"id":"tmpl-1","name":"x","description":"d","tags":[],"workflowType":"batch",
                  "createdAt":"2025-01-01T00:00:00Z","nodes":[]}]}""")).getMessage().contains("templates[0].id"));
        assertTrue(assertThrows(IllegalStateException.class, () -> load("""
                {"templates":[{"id":"wf_tmpl_x","name":"x","description":"d","tags":[],"workflowType":"batch",
                  "createdAt":"2025-01-01T00:00:00Z","nodes":[{"nodeId":"api-trigger","position":{"x":"1","y":2}}]}]}"""))
                .getMessage().contains("templates[0].nodes[0].position.x"));
        assertTrue(assertThrows(IllegalStateException.class, () -> load("""
                {"templates":[{"id":"wf_tmpl_x","name":"x","description":"d","tags":[],"workflowType":"batch",
                  "createdAt":"2025-01-01T00:00:00Z","nodes":[{"nodeId":"api-trigger"}]}]}"""))
                .getMessage().contains("has no position"));
        assertThrows(IllegalStateException.class, () -> load("{\"templates\":[]}"));
    }

    private WorkflowTemplates load(String json) {
        return WorkflowTemplates.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), catalog);
    }
}
