package io.mgw.adapters.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * The body of {@code POST /internal/v1/calls}: a gateway asks to admit a call whose provider handshake and
 * provider-side validation succeeded. {@code agentUuid} or {@code workflowId} names the workflow.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CallAdmissionRequest(String agentUuid, String workflowId, String organizationId, String provider,
                                   String callId, String callerNumber, String calledNumber,
                                   Map<String, String> providerIdentifiers, String telephonyConfigurationId) {

    public static final String PATH = "/internal/v1/calls";

    /** Copies the identifiers. */
    public CallAdmissionRequest {
        providerIdentifiers = providerIdentifiers == null ? Map.of() : Map.copyOf(providerIdentifiers);
    }

    /** Path that gives an admitted call's slot back (ends its session if still live). */
    public static String releasePath(String sessionId) {
        return PATH + "/" + sessionId + "/release";
    }
}
