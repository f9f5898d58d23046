package io.mgw.runtime.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgw.adapters.contract.DeploymentSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The spec body rules without a server; each rejected body over HTTP is in DeploymentsEndpointIT. */
class DeploymentSpecReaderTest {

    private static DeploymentSpec read(String id, String json) {
        ByteBuf body = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
        try {
            DeploymentSpec spec = DeploymentSpecReader.read(id, body);
            assertEquals(0, body.readerIndex(), "the body must not be consumed");
            return spec;
        } finally {
            body.release();
        }
    }

    @Test
    void fullSpecIsReadWithItsLimits() {
        DeploymentSpec spec = read("dep_a", "{\"deployment_id\":\"dep_a\",\"organization_id\":\"org_1\",\"workflow_id\":\"wf_1\","
                + "\"workflow_type\":\"streaming\",\"nodes\":[{\"id\":\"n\"}],\"connections\":[{}],\"settings\":{\"timeout\":3},"
                + "\"limits\":{\"max_concurrent_sessions\":2,\"idle_timeout_seconds\":30,\"max_session_duration_seconds\":600},"
                + "\"future_field\":true}");

        assertEquals("dep_a", spec.deploymentId());
        assertEquals("org_1", spec.organizationId());
        assertEquals("streaming", spec.workflowType());
        assertEquals(1, spec.nodes().size());
        assertEquals(new DeploymentSpec.Limits(2, 30, 600), spec.limits());
    }

    @Test
    void absentIdTypeAndConnectionsAreDefaulted() {
        DeploymentSpec spec = read("dep_b", "{\"nodes\":[],\"connections\":null}");

        assertEquals("dep_b", spec.deploymentId());
        assertEquals("batch", spec.workflowType());
        assertTrue(spec.connections().isArray());
    }

    @Test
    void problemsNameTheFieldAsTheContractSpellsIt() {
        var e = assertThrows(InvalidDeploymentSpecException.class,
                () -> read("dep_c", "{\"nodes\":[],\"limits\":{\"max_session_duration_seconds\":-1}}"));

        assertEquals(InvalidDeploymentSpecException.Kind.INVALID_FIELD, e.kind());
        assertEquals("limits.max_session_duration_seconds: must be a positive integer, got -1", e.getMessage());
    }

    @Test
    void malformedJsonSaysWhere() {
        var e = assertThrows(InvalidDeploymentSpecException.class, () -> read("dep_d", "{\"nodes\":\n[1,}"));

        assertEquals(InvalidDeploymentSpecException.Kind.MALFORMED_JSON, e.kind());
        assertTrue(e.getMessage().startsWith("malformed JSON: ") && e.getMessage().contains("(line 2, column "), e.getMessage());
    }

    @Test
    void idsAreLettersDigitsUnderscoreAndDashUpTo128() {
        assertTrue(DeploymentSpecReader.isValidId("dep_abc-DEF123"));
        assertTrue(DeploymentSpecReader.isValidId("d".repeat(128)));
        assertFalse(DeploymentSpecReader.isValidId("d".repeat(129)));
        assertFalse(DeploymentSpecReader.isValidId(""));
        assertFalse(DeploymentSpecReader.isValidId("dep.a"));
        assertFalse(DeploymentSpecReader.isValidId("dép"));
        assertFalse(DeploymentSpecReader.isValidId(null));
    }
}
