package io.mgw.controlplane.auth;

import io.micronaut.core.annotation.AnnotationMetadata;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;
import io.mgw.controlplane.error.ApiException;
import io.mgw.controlplane.error.ErrorBody;

/**
 * Authenticates every {@code /api/**} request and stores its {@link Caller}; scopes are checked by the services.
 * The credential is the {@code X-API-Key} header; a route marked {@link QueryApiKey} also takes the key as
 * {@code ?api_key=} (both at once is a 400), and a route marked {@link BrowserSession} also takes the login-session
 * cookie when no key is sent. One path for all three, so every route gets the same 401s.
 */
@ServerFilter("/api/**")
public class ApiKeyAuthenticationFilter {

    public static final String HEADER = "X-API-Key";

    private final ApiKeyAuthenticator authenticator;
    private final LoginSessions sessions;

    public ApiKeyAuthenticationFilter(ApiKeyAuthenticator authenticator, LoginSessions sessions) {
        this.authenticator = authenticator;
        this.sessions = sessions;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    public HttpResponse<ErrorBody> authenticate(HttpRequest<?> request) {
        try {
            request.setAttribute(Caller.ATTRIBUTE, caller(request));
            return null;
        } catch (ApiException e) {
            return HttpResponse.<ErrorBody>status(e.status()).body(e.body());
        }
    }

    private Caller caller(HttpRequest<?> request) {
        // The route is matched before filters run, so its annotations say which credential forms it takes.
        AnnotationMetadata route = RouteAttributes.getRouteMatch(request).map(RouteMatch::getAnnotationMetadata)
                .orElse(AnnotationMetadata.EMPTY_METADATA);
        String header = request.getHeaders().get(HEADER);
        String query = route.hasAnnotation(QueryApiKey.class)
                ? request.getParameters().get(QueryApiKey.PARAMETER) : null;
        if (header != null && query != null) {
            throw ApiException.badRequest("send the API key either in the " + HEADER + " header or in the "
                    + QueryApiKey.PARAMETER + " query parameter, not both");
        }
        String key = header != null ? header : query;
        if (key == null && route.hasAnnotation(BrowserSession.class)) {
            return sessions.authenticate(request.getCookies().findCookie(LoginSessions.COOKIE).map(Cookie::getValue)
                    .orElse(null));
        }
        return authenticator.authenticate(key);
    }
}
