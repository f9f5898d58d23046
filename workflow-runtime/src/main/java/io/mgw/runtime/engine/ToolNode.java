package io.mgw.runtime.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletionStage;

/** A node an agent's model may call as a tool (attached to the agent's {@code tools} port). */
public interface ToolNode {

    /**
     * Runs the tool with the model's {@code arguments}; called on the session's executor, completes with the result
     * (any thread) or fails.
     */
    CompletionStage<JsonNode> invoke(JsonNode arguments, NodeContext ctx);
}
