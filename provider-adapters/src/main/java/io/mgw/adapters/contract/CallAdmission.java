package io.mgw.adapters.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The answer of {@code POST /internal/v1/calls}: the admitted call's session and deployment (HTTP 201), or a refusal
 * (HTTP 409) whose {@code refused} is {@link #REFUSED_QUOTA} or {@link #REFUSED_CONCURRENT_CALLS} (the gateway closes
 * such a call with 1008), or {@link #REFUSED_SESSION_EXISTS} when the requested session id is taken (the admission was
 * abandoned before it was answered).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallAdmission(String sessionId, String organizationId, String workflowId, String deploymentId,
                            Integer maxConcurrentSessions, String refused) {

    public static final String REFUSED_QUOTA = "quota";
    public static final String REFUSED_CONCURRENT_CALLS = "concurrent_calls";
    public static final String REFUSED_SESSION_EXISTS = "session_exists";

    /** An admitted call. */
    public static CallAdmission admitted(String sessionId, String organizationId, String workflowId, String deploymentId,
                                         Integer maxConcurrentSessions) {
        return new CallAdmission(sessionId, organizationId, workflowId, deploymentId, maxConcurrentSessions, null);
    }

    /** A refusal with its reason. */
    public static CallAdmission refusal(String reason) {
        return new CallAdmission(null, null, null, null, null, reason);
    }

    /** Whether the call was refused. */
    public boolean wasRefused() {
        return refused != null;
    }
}
