package io.mgw.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.mgw.adapters.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceMainTest {

    private final List<Integer> exits = new ArrayList<>();

    @Test
    void startedServerIsReturnedWithoutExit() {
        AutoCloseable server = () -> { };

        assertSame(server, ServiceMain.start(Map.of("A", "1"), env -> server, exits::add));
        assertEquals(List.of(), exits);
    }

    @Test
    void invalidConfigurationExits2() {
        assertNull(ServiceMain.start(Map.of(), env -> {
            throw new ConfigException("test", List.of("X: bad"));
        }, exits::add));
        assertEquals(List.of(ServiceMain.EXIT_INVALID_CONFIG), exits);
    }

    @Test
    void portThatCannotBeBoundExits1() {
        assertNull(ServiceMain.start(Map.of(), env -> {
            throw new IllegalStateException("test cannot listen on 0.0.0.0:1");
        }, exits::add));
        assertEquals(List.of(ServiceMain.EXIT_START_FAILED), exits);
    }
}
