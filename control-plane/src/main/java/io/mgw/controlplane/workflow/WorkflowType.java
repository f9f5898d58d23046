package io.mgw.controlplane.workflow;

import io.mgw.controlplane.error.ApiException;
import java.util.Locale;

/** Batch workflows run once per trigger; streaming workflows run once per live session. */
public enum WorkflowType {
    BATCH, STREAMING;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WorkflowType parse(String value) {
        for (WorkflowType type : values()) {
            if (type.wireName().equals(value)) {
                return type;
            }
        }
        throw ApiException.invalidField("workflowType", "workflowType must be batch or streaming");
    }
}
