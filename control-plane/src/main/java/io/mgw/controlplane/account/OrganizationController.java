package io.mgw.controlplane.account;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.mgw.controlplane.account.AccountViews.CreateOrganizationRequest;
import io.mgw.controlplane.account.AccountViews.CreatedOrganization;
import io.mgw.controlplane.account.AccountViews.LimitsRequest;
import io.mgw.controlplane.account.AccountViews.OrganizationView;
import io.mgw.controlplane.auth.Caller;
import io.mgw.controlplane.common.ListPage;
import io.mgw.controlplane.common.PageRequest;

/** {@code /api/v1/organizations}: tenants and their limits. */
@Controller("/api/v1/organizations")
@ExecuteOn(TaskExecutors.BLOCKING)
public class OrganizationController {

    private final OrganizationService organizations;

    public OrganizationController(OrganizationService organizations) {
        this.organizations = organizations;
    }

    @Post
    public HttpResponse<CreatedOrganization> create(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @Body @Nullable CreateOrganizationRequest request) {
        return HttpResponse.created(organizations.create(caller, request));
    }

    @Get
    public ListPage<OrganizationView> list(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @QueryValue @Nullable String limit,
                                           @QueryValue @Nullable String offset) {
        return organizations.list(caller, PageRequest.of(limit, offset, 50));
    }

    @Get("/{id}")
    public OrganizationView get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id) {
        return organizations.get(caller, id);
    }

    @Put("/{id}/limits")
    public OrganizationView limits(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id, @Body @Nullable LimitsRequest request) {
        return organizations.updateLimits(caller, id, request);
    }
}
