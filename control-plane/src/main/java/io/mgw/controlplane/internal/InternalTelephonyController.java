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

    /**
     * The configuration for a provider identifier; without an identifier (a provider whose stream names no account),
     * the organization's only configuration for the provider.
     */
    @Get
    public TelephonyRoute find(@QueryValue @Nullable String org, @QueryValue @Nullable String provider,
                               @QueryValue @Nullable String identifier) {
        boolean noIdentifier = identifier == null || identifier.isBlank();
        boolean noOrg = org == null || org.isBlank();
        if (provider == null || provider.isBlank() || noIdentifier && noOrg) {
            throw ApiException.badRequest("provider, and identifier or org, are required");
        }
        var route = noIdentifier ? telephony.onlyRoute(org, provider)
                : telephony.route(noOrg ? null : org, provider, identifier);
        return route.orElseThrow(() -> ApiException.notFound("telephony configuration for",
                provider + "/" + (noIdentifier ? "(the organization's only one)" : identifier)));
    }
}
