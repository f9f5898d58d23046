package io.mgw.controlplane.account;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.mgw.controlplane.account.AccountViews.CreateUserRequest;
import io.mgw.controlplane.account.AccountViews.UserView;
import io.mgw.controlplane.auth.Caller;
import io.mgw.controlplane.common.ListPage;
import io.mgw.controlplane.common.PageRequest;

/** {@code /api/v1/users}: the users of the caller's organization. */
@Controller("/api/v1/users")
@ExecuteOn(TaskExecutors.BLOCKING)
public class UserController {

    private final UserService users;

    public UserController(UserService users) {
        this.users = users;
    }

    @Post
    public HttpResponse<UserView> create(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @Body @Nullable CreateUserRequest request) {
        return HttpResponse.created(users.create(caller, request));
    }

    @Get
    public ListPage<UserView> list(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @QueryValue @Nullable String limit,
                                   @QueryValue @Nullable String offset) {
        return users.list(caller, PageRequest.of(limit, offset, 50));
    }

    @Get("/{id}")
    public UserView get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id) {
        return users.get(caller, id);
    }

    @Delete("/{id}")
    public HttpResponse<Void> delete(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id) {
        users.delete(caller, id);
        return HttpResponse.noContent();
    }
}
