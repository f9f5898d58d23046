package io.mgw.controlplane.workflow;

import io.mgw.controlplane.error.ApiException;
import java.util.Locale;

/** A batch workflow's lifecycle status. */
public enum WorkflowStatus {
    DRAFT, ACTIVE, PAUSED, ARCHIVED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a status named in {@code field}; anything else is a 400 naming the field. */
    public static WorkflowStatus parse(String value, String field) {
        for (WorkflowStatus status : values()) {
            if (status.wireName().equals(value)) {
                return status;
            }
        }
        throw ApiException.invalidField(field, field + " must be one of draft, active, paused, archived");
    }
}
