package io.mgw.adapters.contract.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.mgw.adapters.frame.ProtocolError;

/** The event names of a workflow run (api-docs/workflow-run-sse-stream.txt), as sent on the wire. */
public enum RunEventType {
    /** Fields {@code runId}, {@code workflowId}. */
    RUN_STARTED("run_started"),
    /** Fields {@code stepId}, {@code toolId}. */
    STEP_STARTED("step_started"),
    /** Fields {@code stepId}, {@code progress}, {@code message}. */
    STEP_PROGRESS("step_progress"),
    /** Fields {@code stepId}, {@code result}. */
    STEP_COMPLETED("step_completed"),
    /** Fields {@code stepId}, {@code error}. */
    STEP_FAILED("step_failed"),
    /** Fields {@code runId}, {@code status}; ends the run. */
    RUN_COMPLETED("run_completed"),
    /** Fields {@code runId}, {@code error}; ends the run. */
    RUN_FAILED("run_failed");

    private final String wireName;

    RunEventType(String wireName) {
        this.wireName = wireName;
    }

    /** The SSE {@code type} value, e.g. {@code "step_started"}. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Whether this event ends the run. */
    public boolean terminal() {
        return this == RUN_COMPLETED || this == RUN_FAILED;
    }

    /** The constant for a wire name; an unknown name is a typed protocol error. */
    @JsonCreator
    public static RunEventType fromWire(String wireName) {
        for (RunEventType type : values()) {
            if (type.wireName.equals(wireName)) {
                return type;
            }
        }
        throw ProtocolError.of(ProtocolError.Kind.INVALID_VALUE, "Field event must be a run event name").toException();
    }
}
