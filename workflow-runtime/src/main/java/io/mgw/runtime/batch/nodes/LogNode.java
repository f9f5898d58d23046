package io.mgw.runtime.batch.nodes;

import io.mgw.runtime.batch.BatchNode;
import io.mgw.runtime.batch.NodeCall;
import io.mgw.runtime.batch.NodeFailure;
import io.mgw.runtime.batch.NodeResult;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code log}: writes {@code config.message} (or the input) to the run's step log, a {@code step_progress} event,
 * and the pod's log at {@code config.level}; passes the input on.
 */
public final class LogNode implements BatchNode {

    private static final Logger log = LoggerFactory.getLogger(LogNode.class);
    private static final Set<String> LEVELS = Set.of("debug", "info", "warn", "error");
    private static final int MAX_LINE = 2_000;

    @Override
    public NodeResult run(NodeCall call) {
        String level = call.config().path("level").asText("info");
        if (!LEVELS.contains(level)) {
            throw NodeFailure.badConfig("config.level must be debug, info, warn or error");
        }
        String message = call.config().hasNonNull("message") ? call.config().get("message").asText() : call.input().toString();
        if (message.length() > MAX_LINE) {
            message = message.substring(0, MAX_LINE) + "...";
        }
        switch (level) {
            case "debug" -> log.debug("batch log {}: {}", call.node().id(), message);
            case "warn" -> log.warn("batch log {}: {}", call.node().id(), message);
            case "error" -> log.error("batch log {}: {}", call.node().id(), message);
            default -> log.info("batch log {}: {}", call.node().id(), message);
        }
        call.progress().accept(100, message);
        return NodeResult.of(call.input());
    }
}
