package io.mgw.adapters.contract;

/** Names shared by the internal HTTP APIs (control plane's {@code /internal/v1}, the runtime's {@code /internal}). */
public final class InternalApi {

    /** The header carrying {@code MGW_SERVICE_TOKEN} on internal calls. */
    public static final String SERVICE_TOKEN_HEADER = "X-Service-Token";

    /** The runtime's deployment resource: {@code PUT} a {@link DeploymentSpec}, {@code DELETE} to drop it. */
    public static String runtimeDeploymentPath(String deploymentId) {
        return "/internal/deployments/" + deploymentId;
    }

    private InternalApi() {
    }
}
