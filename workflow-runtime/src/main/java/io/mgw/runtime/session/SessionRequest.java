package io.mgw.runtime.session;

import io.mgw.adapters.contract.DeploymentSpec;

/** A checked session-socket request: the session, the hosted deployment it runs, and whether it takes the session over. */
public record SessionRequest(String sessionId, DeploymentSpec deployment, boolean takeover) {
}
