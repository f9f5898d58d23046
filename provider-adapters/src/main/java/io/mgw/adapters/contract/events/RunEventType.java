package io.mgw.adapters.contract.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.mgw.adapters.frame.ProtocolError;
import java.util.List;

/** The event names of a workflow run (api-docs/workflow-run-sse-stream.txt), as sent on the wire. */
public enum RunEventType {
    /** Fields {@code runId}, {@code workflowId}. */
    RUN_STARTED("run_started", "runId", "workflowId"),
    /** Fields {@code stepId}, {@code toolId}. */
    STEP_STARTED("step_started", "stepId", "toolId"),
    /** Fields {@code stepId}, {@code progress}, {@code message}. */
    STEP_PROGRESS("step_progress", "stepId", "progress", "message"),
    /** Fields {@code stepId}, {@code result}. */
    STEP_COMPLETED("step_completed", "stepId", "result"),
    /** Fields {@code stepId}, {@code error}. */
    STEP_FAILED("step_failed", "stepId", "error"),
    /** Fields {@code runId}, {@code status}; ends the run. */
    RUN_COMPLETED("run_completed", "runId", "status"),
    /** Fields {@code runId}, {@code error}; ends the run. */
    RUN_FAILED("run_failed", "runId", "error");

    private final String wireName;
    private final List<String> fields;

    RunEventType(String wireName, String... fields) {
        this.wireName = wireName;
        this.fields = List.of(fields);
    }

    /**
     * The fields the SSE document lists for this event, in its order (payloads may carry more, such as
     * {@code output} of {@code run_completed}; the documented stream shows only these).
     */
    public List<String> documentedFields() {
        return fields;
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
