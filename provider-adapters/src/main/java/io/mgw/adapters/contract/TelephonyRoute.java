package io.mgw.adapters.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.mgw.adapters.provider.ProviderCredentials;

/**
 * A telephony configuration with its credentials decrypted, as the control plane's
 * {@code GET /internal/v1/telephony-configurations?org=&provider=&identifier=} hands it to a gateway.
 *
 * @param apiBaseUrl the provider API host to use (a regional endpoint or a test server), or null for the default
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TelephonyRoute(String id, String organizationId, String provider, String identifier, String apiBaseUrl,
                             String accountId, String apiKey, String secret) {

    public static final String PATH = "/internal/v1/telephony-configurations";

    /** The credentials a call-control client takes. */
    public ProviderCredentials toCredentials() {
        return new ProviderCredentials(apiBaseUrl, accountId, apiKey, secret);
    }

    @Override
    public String toString() {
        return "TelephonyRoute[" + id + ", " + provider + ", " + identifier + ", credentials hidden]";
    }
}
