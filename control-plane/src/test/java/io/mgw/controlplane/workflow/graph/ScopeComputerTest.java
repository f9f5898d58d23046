package io.mgw.controlplane.workflow.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mgw.adapters.contract.workflow.NodeCatalog;
import io.mgw.adapters.contract.workflow.WorkflowGraph;
import io.mgw.adapters.contract.workflow.WorkflowGraphJson;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScopeComputerTest {

    private final ScopeComputer scopes = new ScopeComputer(NodeCatalog.builtIn());

    @Test
    void scopesAreRenderedSortedAndDeduplicated() {
        WorkflowGraph g = WorkflowGraphJson.read("""
                {"nodes":[
                  {"id":"a","nodeId":"postgres-query","config":{"dataSource":"ds_001","query":"select 1"}},
                  {"id":"b","nodeId":"postgres-query","config":{"dataSource":"ds_001","query":"select 2"}},
                  {"id":"c","nodeId":"llm","config":{"baseUrl":"https://api.openai.com/v1","model":"model_001"}},
                  {"id":"d","nodeId":"http-request","config":{"url":"https://Hooks.Example.com/x"}},
                  {"id":"e","nodeId":"webhook","config":{"url":"https://hooks.example.com/y"}},
                  {"id":"f","nodeId":"log"},
                  {"id":"g","nodeId":"oracle-source","config":{"dataSource":"ds_x"}},
                  {"id":"h","nodeId":"mysql-source","config":{"dataSource":"ds_shop"}}]}""");
        assertEquals(List.of("datasources:read:ds_001", "datasources:read:ds_shop", "http:call:hooks.example.com",
                        "models:invoke:model_001"),
                scopes.compute(g));
    }

    @Test
    void templatesWithMissingValuesAreSkipped() {
        WorkflowGraph g = WorkflowGraphJson.read("""
                {"nodes":[{"id":"a","nodeId":"postgres-query","config":{"query":"select 1"}},
                          {"id":"b","nodeId":"http-request","config":{"url":"{{data.callbackUrl}}"}},
                          {"id":"c","nodeId":"llm","config":{"model":""}}]}""");
        assertEquals(List.of(), scopes.compute(g));
        assertEquals(List.of(), scopes.compute(WorkflowGraph.empty()));
    }

    @Test
    void scopesOfTheShippedTemplates() {
        WorkflowTemplates templates = WorkflowTemplates.load(NodeCatalog.builtIn());
        assertEquals(List.of("datasources:read:ds_reporting", "http:call:hooks.slack.com"),
                scopes.compute(templates.find("wf_tmpl_scheduled_report").orElseThrow().graph()));
        assertEquals(List.of("http:call:api.example.com", "http:call:crm.example.com", "models:invoke:gpt-4o-mini"),
                scopes.compute(templates.find("wf_tmpl_voice_agent").orElseThrow().graph()));
        assertEquals(List.of(), scopes.compute(templates.find("wf_tmpl_echo").orElseThrow().graph()));
    }
}
