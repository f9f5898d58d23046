package io.mgw.controlplane.internal;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.mgw.adapters.contract.InternalApi;
import io.mgw.controlplane.config.ControlPlaneConfig;
import io.mgw.controlplane.error.ErrorBody;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Guards {@code /internal/**}: only callers presenting {@code MGW_SERVICE_TOKEN} (gateways, runtimes) get in. */
@ServerFilter("/internal/**")
public class ServiceTokenFilter {

    private final byte[] token;

    public ServiceTokenFilter(ControlPlaneConfig config) {
        this.token = config.serviceToken().getBytes(StandardCharsets.UTF_8);
    }

    @RequestFilter
    @Nullable
    public HttpResponse<ErrorBody> authenticate(HttpRequest<?> request) {
        String presented = request.getHeaders().get(InternalApi.SERVICE_TOKEN_HEADER);
        if (presented == null || !MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
            return HttpResponse.<ErrorBody>unauthorized()
                    .body(new ErrorBody("unauthorized", "missing or wrong " + InternalApi.SERVICE_TOKEN_HEADER));
        }
        return null;
    }
}
