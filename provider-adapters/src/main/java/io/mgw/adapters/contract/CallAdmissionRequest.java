package io.mgw.adapters.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * The body of {@code POST /internal/v1/calls}: a gateway asks to admit a call whose provider handshake and
 * provider-side validation succeeded. {@code agentUuid} or {@code workflowId} names the workflow. {@code sessionId} is
 * the id the gateway chose for the call's session ({@link #newSessionId}); when the gateway stops waiting for the
 * answer it sends the same body to {@code POST /internal/v1/calls/abandon}, so a session created after it gave up is
 * ended at once, and one not created yet never is.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CallAdmissionRequest(String agentUuid, String workflowId, String organizationId, String provider,
                                   String callId, String callerNumber, String calledNumber,
                                   Map<String, String> providerIdentifiers, String telephonyConfigurationId,
                                   String sessionId) {

    public static final String PATH = "/internal/v1/calls";
    /** Where a gateway sends the body of an admission whose answer it stopped waiting for. */
    public static final String ABANDON_PATH = PATH + "/abandon";
    /** The prefix of a session id. */
    public static final String SESSION_ID_PREFIX = "sess";

    /** Copies the identifiers. */
    public CallAdmissionRequest {
        providerIdentifiers = providerIdentifiers == null ? Map.of() : Map.copyOf(providerIdentifiers);
    }

    /** A new session id for an admission request. */
    public static String newSessionId() {
        return Ids.newId(SESSION_ID_PREFIX);
    }

    /** Whether {@code id} may name a new session: a well-formed id with the session prefix. */
    public static boolean acceptableSessionId(String id) {
        return Ids.wellFormed(id) && id.startsWith(SESSION_ID_PREFIX + "_");
    }

    /** Path that gives an admitted call's slot back (ends its session if still live). */
    public static String releasePath(String sessionId) {
        return PATH + "/" + sessionId + "/release";
    }
}
