package io.mgw.controlplane.auth;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Instant;
import java.util.List;

/**
 * Browser login for the chat pages and their SSE streams (an EventSource cannot send headers): {@code POST
 * /api/auth/login} with an API key in {@code X-API-Key} sets the session cookie; {@code POST /api/auth/logout} ends
 * the session. Users have no passwords to log in with yet, so the key is the credential.
 */
@Controller("/api/auth")
@ExecuteOn(TaskExecutors.BLOCKING)
public class LoginController {

    private final LoginSessions sessions;

    public LoginController(LoginSessions sessions) {
        this.sessions = sessions;
    }

    /** The login's answer (the token itself travels only in the cookie). */
    public record LoggedIn(String userId, String organizationId, List<String> scopes, Instant expiresAt) {
    }

    @Post("/login")
    public HttpResponse<LoggedIn> login(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        LoginSessions.Started started = sessions.login(caller);
        return HttpResponse.ok(new LoggedIn(caller.userId(), caller.organizationId(),
                        List.of(Scope.wireNames(caller.scopes())), started.session().expiresAt()))
                .cookie(sessions.cookie(started));
    }

    @Post("/logout")
    @BrowserSession
    public HttpResponse<Void> logout(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        sessions.logout(caller);
        return HttpResponse.<Void>noContent().cookie(sessions.expiredCookie());
    }
}
