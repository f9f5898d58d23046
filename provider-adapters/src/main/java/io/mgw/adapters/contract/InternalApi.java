package io.mgw.adapters.contract;

/** Names shared by the internal HTTP APIs (control plane's {@code /internal/v1}, the runtime's {@code /internal}). */
public final class InternalApi {

    /** The header carrying {@code MGW_SERVICE_TOKEN} on internal calls. */
    public static final String SERVICE_TOKEN_HEADER = "X-Service-Token";

    /** The runtime's deployment resource: {@code PUT} a {@link DeploymentSpec}, {@code DELETE} to drop it. */
    public static String runtimeDeploymentPath(String deploymentId) {
        return "/internal/deployments/" + deploymentId;
    }

    /** The runtime's batch execution resource: {@code POST} an {@link ExecutionRequest}, answered 202. */
    public static final String RUNTIME_EXECUTIONS_PATH = "/internal/executions";

    /** A pod's trigger endpoint for one hosted deployment: {@code POST} a {@link TriggerRequest}. */
    public static String runtimeTriggerPath(String deploymentId) {
        return "/deployments/" + deploymentId + "/trigger";
    }

    /** The trigger endpoint of a pod hosting exactly one deployment (the in-cluster URL discover shows). */
    public static final String RUNTIME_SINGLE_TRIGGER_PATH = "/trigger";

    private InternalApi() {
    }
}
