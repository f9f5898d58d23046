package io.mgw.controlplane.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.mgw.controlplane.testing.ControlPlaneTestSupport;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkflowRepositoryIT implements TestPropertyProvider {

    @Inject
    WorkflowRepository workflows;
    @Inject
    ObjectMapper json;

    @Override
    public Map<String, String> getProperties() {
        return ControlPlaneTestSupport.properties("wfrepo");
    }

    @Test
    void jsonColumnsRoundTrip() throws Exception {
        Instant now = Instant.now();
        var nodes = json.readTree("[{\"id\":\"node-a\",\"type\":\"log\",\"config\":{\"k\":[1,2]}}]");
        workflows.save(new Workflow("wf_test1", "org_default", "ws_default", null, "n", null, "batch",
                UUID.randomUUID(), "draft", "undeployed", 1, nodes, json.readTree("[]"), json.readTree("{}"),
                json.readTree("{\"timeout\":5}"), new String[] {"a", "b"}, new String[0], null, null, false, false, now, now));
        Workflow read = workflows.findById("wf_test1").orElseThrow();
        assertEquals(nodes, read.nodes());
        assertEquals(5, read.settings().get("timeout").asInt());
        assertEquals("b", read.tags()[1]);
    }
}
