package io.mgw.controlplane.workflow.graph;

import java.util.List;

/** The result of {@link GraphValidator#validate}: {@code valid} when there are no errors (warnings do not count). */
public record ValidationReport(boolean valid, List<Issue> errors, List<Issue> warnings, int nodeCount, int connectionCount) {

    public ValidationReport {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }
}
