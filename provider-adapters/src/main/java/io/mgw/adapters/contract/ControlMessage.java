package io.mgw.adapters.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A message on a session's control channel ({@link RedisKeys#control(String)}), published by the control plane to
 * whichever gateway and pod hold the session.
 *
 * @param type      {@link #END}, {@link #INJECT} or {@link #REASSIGN}
 * @param sessionId the session
 * @param reason    why (end, reassign)
 * @param text      the text to inject (inject)
 * @param role      who the injected text is attributed to (inject)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ControlMessage(String type, String sessionId, String reason, String text, String role) {

    public static final String END = "end";
    public static final String INJECT = "inject";
    public static final String REASSIGN = "reassign";

    public static ControlMessage end(String sessionId, String reason) {
        return new ControlMessage(END, sessionId, reason, null, null);
    }

    public static ControlMessage inject(String sessionId, String text, String role) {
        return new ControlMessage(INJECT, sessionId, null, text, role);
    }
}
