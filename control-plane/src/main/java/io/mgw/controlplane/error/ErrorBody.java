package io.mgw.controlplane.error;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The one error body of every API response: {@code {"error": "<code>", "message": "..."}}, plus the
 * offending field for validation errors.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String error, String message, String field) {

    public ErrorBody(String error, String message) {
        this(error, message, null);
    }
}
