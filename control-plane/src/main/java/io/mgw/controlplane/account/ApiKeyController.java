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
import io.mgw.controlplane.account.AccountViews.ApiKeyView;
import io.mgw.controlplane.account.AccountViews.CreateApiKeyRequest;
import io.mgw.controlplane.account.AccountViews.CreatedApiKey;
import io.mgw.controlplane.auth.Caller;
import io.mgw.controlplane.common.ListPage;
import io.mgw.controlplane.common.PageRequest;

/** {@code /api/v1/api-keys}: keys of the caller (or, for admins, of their organization). */
@Controller("/api/v1/api-keys")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ApiKeyController {

    private final ApiKeyService keys;

    public ApiKeyController(ApiKeyService keys) {
        this.keys = keys;
    }

    @Post
    public HttpResponse<CreatedApiKey> create(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @Body @Nullable CreateApiKeyRequest request) {
        return HttpResponse.created(keys.create(caller, request));
    }

    @Get
    public ListPage<ApiKeyView> list(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @QueryValue @Nullable String limit,
                                     @QueryValue @Nullable String offset, @QueryValue @Nullable String userId) {
        return keys.list(caller, PageRequest.of(limit, offset, 50), userId);
    }

    @Delete("/{id}")
    public HttpResponse<Void> revoke(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id) {
        keys.revoke(caller, id);
        return HttpResponse.noContent();
    }
}
