package io.mgw.controlplane.telephony;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.mgw.controlplane.auth.Caller;
import io.mgw.controlplane.common.ListPage;
import io.mgw.controlplane.telephony.TelephonyViews.ConfigurationRequest;
import io.mgw.controlplane.telephony.TelephonyViews.ConfigurationView;

/** {@code /api/v1/telephony-configurations}: provider accounts of the caller's organization. */
@Controller("/api/v1/telephony-configurations")
@ExecuteOn(TaskExecutors.BLOCKING)
public class TelephonyController {

    private final TelephonyService telephony;

    public TelephonyController(TelephonyService telephony) {
        this.telephony = telephony;
    }

    @Post
    public HttpResponse<ConfigurationView> create(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
                                                  @Body @Nullable ConfigurationRequest request) {
        return HttpResponse.created(telephony.create(caller, request));
    }

    @Get
    public ListPage<ConfigurationView> list(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
                                            @QueryValue @Nullable String limit, @QueryValue @Nullable String offset) {
        return telephony.list(caller, limit, offset);
    }

    @Get("/{id}")
    public ConfigurationView get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id) {
        return telephony.get(caller, id);
    }

    @Put("/{id}")
    public ConfigurationView update(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id,
                                    @Body @Nullable ConfigurationRequest request) {
        return telephony.update(caller, id, request);
    }

    @Delete("/{id}")
    public HttpResponse<Void> delete(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String id) {
        telephony.delete(caller, id);
        return HttpResponse.noContent();
    }
}
