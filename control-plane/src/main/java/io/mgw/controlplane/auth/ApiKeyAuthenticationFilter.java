package io.mgw.controlplane.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.mgw.controlplane.error.ApiException;
import io.mgw.controlplane.error.ErrorBody;

/** Authenticates every {@code /api/**} request by its {@code X-API-Key} header; scopes are checked by the services. */
@ServerFilter("/api/**")
public class ApiKeyAuthenticationFilter {

    public static final String HEADER = "X-API-Key";

    private final ApiKeyAuthenticator authenticator;

    public ApiKeyAuthenticationFilter(ApiKeyAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    public HttpResponse<ErrorBody> authenticate(HttpRequest<?> request) {
        try {
            request.setAttribute(Caller.ATTRIBUTE, authenticator.authenticate(request.getHeaders().get(HEADER)));
            return null;
        } catch (ApiException e) {
            return HttpResponse.<ErrorBody>status(e.status()).body(e.body());
        }
    }
}
