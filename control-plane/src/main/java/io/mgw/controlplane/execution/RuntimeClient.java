package io.mgw.controlplane.execution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgw.adapters.contract.ExecutionRequest;
import io.mgw.adapters.contract.InternalApi;
import io.mgw.adapters.contract.TriggerRequest;
import io.mgw.adapters.contract.TriggerResult;
import io.mgw.controlplane.config.ControlPlaneConfig;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Hands runs to runtimes over their internal API (service token): {@code POST /internal/executions} on the draft
 * pool (the local runtime) and a deployment's trigger endpoint. Blocking: call from the IO executor.
 */
@Singleton
public class RuntimeClient {

    private static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json;
    private final URI draftPool;
    private final String serviceToken;

    public RuntimeClient(ObjectMapper json, ControlPlaneConfig config) {
        this.json = json;
        this.draftPool = URI.create(config.runtimeUrl());
        this.serviceToken = config.serviceToken();
    }

    /** The runtime did not take the run. {@code timedOut} when it did not answer in time. */
    public static final class RuntimeUnavailable extends RuntimeException {
        private final boolean timedOut;
        private final int status;

        RuntimeUnavailable(String message, boolean timedOut, int status) {
            super(message);
            this.timedOut = timedOut;
            this.status = status;
        }

        public boolean timedOut() {
            return timedOut;
        }

        /** The runtime's HTTP status, or 0 when it did not answer. */
        public int status() {
            return status;
        }
    }

    /** Starts a run on the draft pool; returns once the runtime accepted it (202). */
    public void submit(ExecutionRequest request) {
        HttpResponse<String> response = send(draftPool.resolve(InternalApi.RUNTIME_EXECUTIONS_PATH), request, SUBMIT_TIMEOUT);
        if (response.statusCode() != 202) {
            throw new RuntimeUnavailable("the runtime refused the run: HTTP " + response.statusCode() + " "
                    + abbreviate(response.body()), false, response.statusCode());
        }
    }

    /** Triggers a deployment at {@code url} and returns the pod's answer (waiting up to {@code timeout}). */
    public TriggerResult trigger(URI url, TriggerRequest request, Duration timeout) {
        HttpResponse<String> response = send(url, request, timeout);
        if (response.statusCode() != 200) {
            throw new RuntimeUnavailable("the deployment's pod refused the trigger: HTTP " + response.statusCode() + " "
                    + abbreviate(response.body()), false, response.statusCode());
        }
        try {
            return json.readValue(response.body(), TriggerResult.class);
        } catch (JsonProcessingException e) {
            throw new RuntimeUnavailable("the deployment's pod answered something that is not a trigger result", false, 200);
        }
    }

    /** The draft pool's base URL (the local runtime). */
    public URI draftPool() {
        return draftPool;
    }

    private HttpResponse<String> send(URI url, Object body, Duration timeout) {
        try {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                    .header(InternalApi.SERVICE_TOKEN_HEADER, serviceToken)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build();
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new RuntimeUnavailable("the runtime at " + url.getHost() + ":" + url.getPort() + " did not answer within "
                    + timeout.toSeconds() + " s", true, 0);
        } catch (IOException e) {
            throw new RuntimeUnavailable("the runtime at " + url.getHost() + ":" + url.getPort() + " is unreachable ("
                    + e.getClass().getSimpleName() + ")", false, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeUnavailable("interrupted while calling the runtime", false, 0);
        }
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
