package io.mgw.adapters.contract.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * A caller's limit on one run's time (the flow run stream's 300 s) folded into the workflow's {@code settings}: the
 * run gets {@code settings.timeout} (seconds) or the limit, whichever is shorter, so the runtime itself ends a run the
 * caller stopped waiting for. One place for both the control plane (draft runs) and the runtime (triggered runs).
 */
public final class RunTimeLimit {

    private RunTimeLimit() {
    }

    /**
     * @param settings the workflow's settings (null or not an object: none)
     * @param limit    the caller's limit, shorter than the runtime's default run timeout; null for none
     * @return a copy of {@code settings} whose {@code timeout} is at most {@code limit}
     */
    public static ObjectNode cap(JsonNode settings, Duration limit) {
        ObjectNode capped = settings != null && settings.isObject() ? ((ObjectNode) settings).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        if (limit == null || limit.isNegative() || limit.isZero()) {
            return capped;
        }
        double limitSeconds = limit.toMillis() / 1000.0;
        JsonNode timeout = capped.path("timeout");
        if (!timeout.isNumber() || timeout.asDouble() <= 0 || timeout.asDouble() > limitSeconds) {
            capped.put("timeout", limitSeconds);
        }
        return capped;
    }
}
