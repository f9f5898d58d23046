package io.mgw.runtime.batch;

import com.fasterxml.jackson.databind.JsonNode;

/** A node's output and the output port the run continues on ({@code output}, or {@code true}/{@code false}, {@code error}). */
public record NodeResult(String port, JsonNode output) {

    public static final String OUTPUT = "output";
    public static final String ERROR = "error";

    public static NodeResult of(JsonNode output) {
        return new NodeResult(OUTPUT, output);
    }
}
