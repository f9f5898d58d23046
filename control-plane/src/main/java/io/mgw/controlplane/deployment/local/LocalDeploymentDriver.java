package io.mgw.controlplane.deployment.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Requires;
import io.mgw.adapters.contract.DeploymentSpec;
import io.mgw.adapters.contract.InternalApi;
import io.mgw.controlplane.config.ControlPlaneConfig;
import io.mgw.controlplane.deployment.Deployment;
import io.mgw.controlplane.deployment.DeploymentDriver;
import io.mgw.controlplane.deployment.DeploymentDriverException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One machine: the runtime process at {@code MGW_RUNTIME_URL} hosts every local deployment, told over its internal
 * API. Stopping drops the deployment from the runtime and keeps the record; starting puts it back.
 */
@Singleton
@Requires(property = "mgw.deploy-driver", value = "local", defaultValue = "local")
public class LocalDeploymentDriver implements DeploymentDriver {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json;
    private final URI runtime;
    private final String serviceToken;

    public LocalDeploymentDriver(ObjectMapper json, ControlPlaneConfig config) {
        this.json = json;
        this.runtime = URI.create(config.runtimeUrl());
        this.serviceToken = config.serviceToken();
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public DriverStatus apply(Deployment deployment) {
        if (deployment.replicas() == 0) {
            remove(deployment);
            return new DriverStatus("stopped", null, 0);
        }
        DeploymentSpec spec = new DeploymentSpec(deployment.id(), deployment.organizationId(), deployment.workflowId(),
                deployment.definition().path("workflowType").asText("batch"), deployment.definition().path("nodes"),
                deployment.definition().path("connections"), deployment.definition().path("settings"),
                new DeploymentSpec.Limits(deployment.maxConcurrentSessions(), deployment.idleTimeoutSeconds(),
                        deployment.maxSessionDurationSeconds()));
        byte[] body;
        try {
            body = json.writeValueAsBytes(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("deployment spec did not serialize", e);
        }
        send(request(deployment).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)), "deploy");
        // The local runtime is one process: one replica, ready as soon as it accepted the definition.
        return new DriverStatus("ready", null, 1);
    }

    @Override
    public DriverStatus scale(Deployment deployment, int replicas) {
        if (replicas == 0) {
            remove(deployment);
            return new DriverStatus("stopped", null, 0);
        }
        return apply(deployment);
    }

    @Override
    public void remove(Deployment deployment) {
        send(request(deployment).DELETE(), "remove");
    }

    private HttpRequest.Builder request(Deployment deployment) {
        return HttpRequest.newBuilder(runtime.resolve(InternalApi.runtimeDeploymentPath(deployment.id())))
                .timeout(TIMEOUT)
                .header(InternalApi.SERVICE_TOKEN_HEADER, serviceToken);
    }

    private void send(HttpRequest.Builder request, String action) {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DeploymentDriverException("the local runtime at " + runtime + " is unreachable (" + action + ")",
                    false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeploymentDriverException("interrupted while calling the local runtime", false, e);
        }
        int status = response.statusCode();
        if (status == 404 && action.equals("remove")) {
            return;
        }
        if (status >= 400) {
            throw new DeploymentDriverException("the local runtime refused to " + action + ": HTTP " + status + " "
                    + abbreviate(response.body()), status < 500, null);
        }
    }

    private static String abbreviate(String body) {
        return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }
}
