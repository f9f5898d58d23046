package io.mgw.adapters.config;

import java.util.List;

/** Thrown at start when the environment holds invalid settings; lists every problem, not just the first. */
public final class ConfigException extends RuntimeException {

    private final List<String> problems;

    /**
     * @param component the process whose configuration is invalid, e.g. {@code media-gateway}
     * @param problems  one human-readable line per problem
     */
    public ConfigException(String component, List<String> problems) {
        super("invalid " + component + " configuration (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + "):\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One human-readable line per problem, each naming its environment variable. */
    public List<String> problems() {
        return problems;
    }
}
