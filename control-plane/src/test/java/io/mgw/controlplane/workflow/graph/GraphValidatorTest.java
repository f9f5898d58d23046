package io.mgw.controlplane.workflow.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgw.adapters.contract.workflow.NodeCatalog;
import io.mgw.adapters.contract.workflow.WorkflowGraph;
import io.mgw.adapters.contract.workflow.WorkflowGraphJson;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphValidatorTest {

    private final GraphValidator validator = new GraphValidator(NodeCatalog.builtIn());

    private static WorkflowGraph graph(String json) {
        return WorkflowGraphJson.read(json);
    }

    private static List<String> types(List<Issue> issues) {
        return issues.stream().map(Issue::type).toList();
    }

    @Test
    void completeBatchWorkflowIsValidWithoutWarnings() {
        ValidationReport report = validator.validate(graph("""
                {"nodes":[{"id":"t","nodeId":"api-trigger"},{"id":"h","nodeId":"http-request","config":{"url":"https://x.io"}},
                          {"id":"l","nodeId":"log"}],
                 "connections":[{"id":"c1","source":"t","target":"h"},{"id":"c2","source":"h","sourcePort":"error","target":"l"}]}"""),
                "batch");
        assertTrue(report.valid());
        assertEquals(List.of(), report.errors());
        assertEquals(List.of(), report.warnings());
        assertEquals(3, report.nodeCount());
        assertEquals(2, report.connectionCount());
    }

    @Test
    void emptyWorkflowIsAnError() {
        ValidationReport report = validator.validate(WorkflowGraph.empty(), "batch");
        assertFalse(report.valid());
        assertEquals(List.of(Issue.EMPTY_WORKFLOW), types(report.errors()));
        assertEquals(List.of(), report.warnings(), "no no-trigger warning on top of empty-workflow");
        assertEquals(0, report.nodeCount());
    }

    @Test
    void unknownNodeTypeIsAnError() {
        ValidationReport report = validator.validate(graph("""
                {"nodes":[{"id":"t","nodeId":"api-trigger"},{"id":"m","nodeId":"oracle-source","label":"Extract Orders"}],
                 "connections":[{"id":"c1","source":"t","target":"m"}]}"""), "batch");
        assertFalse(report.valid());
        assertEquals(List.of(Issue.UNKNOWN_NODE_TYPE), types(report.errors()));
        assertEquals("m", report.errors().get(0).nodeId());
        assertTrue(report.errors().get(0).message().contains("oracle-source"));
    }

    @Test
    void connectionToAMissingNodeIsBroken() {
        ValidationReport report = validator.validate(graph("""
                {"nodes":[{"id":"t","nodeId":"api-trigger"},{"id":"l","nodeId":"log"}],
                 "connections":[{"id":"c1","source":"t","target":"l"},{"id":"c2","source":"l","target":"ghost"}]}"""), "batch");
        assertFalse(report.valid());
        assertEquals(List.of(Issue.BROKEN_CONNECTION), types(report.errors()));
        Issue issue = report.errors().get(0);
        assertEquals("c2", issue.connectionId());
        assertTrue(issue.message().contains("ghost"), issue.message());
    }

    @Test
    void connectionToAnUndeclaredPortIsBroken() {
        ValidationReport report = validator.validate(graph("""
                {"nodes":[{"id":"t","nodeId":"api-trigger"},
                          {"id":"c","nodeId":"condition","config":{"expression":"data.x > 1"}},
                          {"id":"l","nodeId":"log"}],
                 "connections":[{"id":"c1","source":"t","target":"c"},
                                {"id":"c2","source":"c","sourcePort":"output","target":"l"},
                                {"id":"c3","source":"c","sourcePort":"true","target":"l","targetPort":"tools"}]}"""), "batch");
        assertEquals(List.of(Issue.BROKEN_CONNECTION, Issue.BROKEN_CONNECTION), types(report.errors()));
        assertEquals("c2", report.errors().get(0).connectionId());
        assertTrue(report.errors().get(0).message().contains("no output port \"output\""), report.errors().get(0).message());
        assertEquals("c3", report.errors().get(1).connectionId());
        assertTrue(report.errors().get(1).message().contains("no input port \"tools\""));
    }

    @Test
    void agentAcceptsItsAiAndToolsPorts() {
        ValidationReport report = validator.validate(graph("""
                {"nodes":[{"id":"a","nodeId":"agent","config":{"instructions":"be nice"}},
                          {"id":"m","nodeId":"llm","config":{"baseUrl":"http://llm","model":"m1"}},
                          {"id":"w","nodeId":"webhook","config":{"url":"https://tools.example.com"}}],
                 "connections":[{"id":"c1","source":"m","target":"a","targetPort":"ai"},
                                {"id":"c2","source":"w","target":"a","targetPort":"tools"}]}"""), "streaming");
        assertTrue(report.valid(), report.toString());
        assertEquals(List.of(), report.warnings());
    }

    @Test
    void disconnectedNodeIsAWarningOnlyInMultiNodeGraphs() {
        ValidationReport report = validator.validate(graph("""
                {"nodes":[{"id":"t","nodeId":"api-trigger"},{"id":"l","nodeId":"log"},{"id":"x","nodeId":"log","label":"Lonely"}],
                 "connections":[{"id":"c1","source":"t","target":"l"}]}"""), "batch");
        assertTrue(report.valid());
        assertEquals(List.of(Issue.DISCONNECTED_NODE), types(report.warnings()));
        assertEquals("x", report.warnings().get(0).nodeId());

        ValidationReport single = validator.validate(graph("{\"nodes\":[{\"id\":\"e\",\"nodeId\":\"echo\"}]}"), "streaming");
        assertEquals(List.of(), single.warnings());
    }

    @Test
    void missingConfigWarningUsesTheDocumentedMessage() {
        ValidationReport report = validator.validate(graph("""
                {"nodes":[{"id":"node_0","nodeId":"schedule-trigger","config":{"cron":"0 * * * *"}},
                          {"id":"node_1","nodeId":"postgres-query","label":"Extract Orders","config":{"dataSource":"ds_1"}}],
                 "connections":[{"source":"node_0","target":"node_1"}]}"""), "batch");
        assertTrue(report.valid());
        assertEquals(List.of(new Issue(Issue.MISSING_CONFIG, "Node \"Extract Orders\" (postgres-query) needs configuration",
                "node_1", null)), report.warnings());
    }

    @Test
    void missingConfigCoversAnyOfGroupsAndFallsBackToTheNodeId() {
        ValidationReport report = validator.validate(graph("{\"nodes\":[{\"id\":\"p\",\"nodeId\":\"play\"}]}"), "streaming");
        assertEquals(List.of(new Issue(Issue.MISSING_CONFIG, "Node \"p\" (play) needs configuration", "p", null)),
                report.warnings());
    }

    @Test
    void batchWorkflowWithoutTriggerIsWarnedButStreamingIsExempt() {
        String json = """
                {"nodes":[{"id":"a","nodeId":"log"},{"id":"b","nodeId":"log"}],"connections":[{"source":"a","target":"b"}]}""";
        assertEquals(List.of(Issue.NO_TRIGGER), types(validator.validate(graph(json), "batch").warnings()));
        assertEquals(List.of(Issue.NO_TRIGGER), types(validator.validate(graph(json), null).warnings()), "batch is the default");
        assertEquals(List.of(), validator.validate(graph("""
                {"nodes":[{"id":"v","nodeId":"vad"},{"id":"e","nodeId":"echo"}],"connections":[{"source":"v","target":"e"}]}"""),
                "streaming").warnings());
    }

    @Test
    void cyclesAreErrorsInBatchWorkflowsOnly() {
        String json = """
                {"nodes":[{"id":"t","nodeId":"api-trigger"},{"id":"a","nodeId":"log"},{"id":"b","nodeId":"log"},
                          {"id":"c","nodeId":"log"},{"id":"s","nodeId":"log"}],
                 "connections":[{"source":"t","target":"a"},{"source":"a","target":"b"},{"source":"b","target":"c"},
                                {"source":"c","target":"a"},{"source":"c","target":"s"},{"source":"s","target":"s"}]}""";
        ValidationReport batch = validator.validate(graph(json), "batch");
        assertFalse(batch.valid());
        assertEquals(List.of(Issue.CYCLE, Issue.CYCLE), types(batch.errors()));
        assertEquals("a", batch.errors().get(0).nodeId());
        assertTrue(batch.errors().get(0).message().contains("a, b, c"), batch.errors().get(0).message());
        assertEquals("s", batch.errors().get(1).nodeId(), "a self-connection is a cycle");

        ValidationReport streaming = validator.validate(graph(json.replace("api-trigger", "vad")), "streaming");
        assertTrue(streaming.valid(), "streaming graphs may loop (menus replay their prompt)");
    }

    @Test
    void issuesOmitAbsentIdsInJson() throws Exception {
        String json = io.mgw.adapters.frame.FrameJson.mapper().writeValueAsString(
                new Issue(Issue.MISSING_CONFIG, "m", "node_1", null));
        assertEquals("{\"type\":\"missing-config\",\"message\":\"m\",\"nodeId\":\"node_1\"}", json);
    }
}
