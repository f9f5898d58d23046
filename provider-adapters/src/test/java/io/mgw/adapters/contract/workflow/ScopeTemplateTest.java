package io.mgw.adapters.contract.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScopeTemplateTest {

    private static ObjectNode config() {
        return JsonNodeFactory.instance.objectNode();
    }

    @Test
    void rendersConfigValues() {
        ScopeTemplate t = ScopeTemplate.parse("datasources:read:{config.dataSource}");
        assertEquals(List.of("dataSource"), t.referencedKeys());
        assertEquals(Optional.of("datasources:read:ds_001"), t.render(config().put("dataSource", "ds_001")));
    }

    @Test
    void hostFunctionKeepsOnlyTheLowerCasedHost() {
        ScopeTemplate t = ScopeTemplate.parse("http:call:{host(config.url)}");
        assertEquals(Optional.of("http:call:api.example.com"),
                t.render(config().put("url", "https://API.Example.com:8443/v1/orders?x=1")));
        assertEquals(Optional.empty(), t.render(config().put("url", "{{data.url}}")));
        assertEquals(Optional.empty(), t.render(config().put("url", "/relative/path")));
    }

    @Test
    void missingBlankOrStructuredValuesSkipTheScope() {
        ScopeTemplate t = ScopeTemplate.parse("models:invoke:{config.model}");
        assertEquals(Optional.empty(), t.render(config()));
        assertEquals(Optional.empty(), t.render(config().put("model", " ")));
        assertEquals(Optional.empty(), t.render(config().putNull("model")));
        assertEquals(Optional.empty(), t.render(config().set("model", config())));
        assertEquals(Optional.empty(), t.render(null));
    }

    @Test
    void nestedPathsAreRead() {
        ObjectNode c = config();
        c.putObject("connection").put("id", "ds_9");
        assertEquals(Optional.of("ds:ds_9"), ScopeTemplate.parse("ds:{config.connection.id}").render(c));
    }

    @Test
    void malformedTemplatesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ScopeTemplate.parse("x:{env.HOME}"));
        assertThrows(IllegalArgumentException.class, () -> ScopeTemplate.parse("x:{host(config.url}"));
        assertThrows(IllegalArgumentException.class, () -> ScopeTemplate.parse(" "));
    }
}
