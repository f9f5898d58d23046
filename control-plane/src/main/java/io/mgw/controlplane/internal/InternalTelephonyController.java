package io.mgw.controlplane.internal;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.mgw.adapters.contract.TelephonyRoute;
import io.mgw.controlplane.error.ApiException;
import io.mgw.controlplane.telephony.TelephonyService;
import io.swagger.v3.oas.annotations.Hidden;

/** {@code /internal/v1/telephony-configurations}: the configuration a call's identifiers select, decrypted. */
@Hidden
@Controller(TelephonyRoute.PATH)
@ExecuteOn(TaskExecutors.BLOCKING)
public class InternalTelephonyController {

    private final TelephonyService telephony;

    public InternalTelephonyController(TelephonyService telephony) {
        this.telephony = telephony;
    }

    @Get
    public TelephonyRoute find(@QueryValue @Nullable String org, @QueryValue @Nullable String provider,
                               @QueryValue @Nullable String identifier) {
        if (provider == null || provider.isBlank() || identifier == null || identifier.isBlank()) {
            throw ApiException.badRequest("provider and identifier are required");
        }
        return telephony.route(org == null || org.isBlank() ? null : org, provider, identifier)
                .orElseThrow(() -> ApiException.notFound("telephony configuration for", provider + "/" + identifier));
    }
}
