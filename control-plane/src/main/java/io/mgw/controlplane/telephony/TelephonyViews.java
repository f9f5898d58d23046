package io.mgw.controlplane.telephony;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.Map;

/** JSON shapes of {@code /api/v1/telephony-configurations} (snake_case, like the deployment records). */
public final class TelephonyViews {

    private TelephonyViews() {
    }

    /** A configuration as shown: credentials only as masked hints, never in full. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ConfigurationView(String id, String organizationId, String provider, String identifier,
                                    @Nullable String name, Map<String, String> credentials,
                                    @Nullable String apiBaseUrl, @Nullable String createdBy, Instant createdAt,
                                    Instant updatedAt) {
    }

    /** Body of create and update; on update every field is optional and credentials replace the old ones whole. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ConfigurationRequest(@Nullable String provider, @Nullable String identifier, @Nullable String name,
                                       @Nullable JsonNode credentials, @Nullable String apiBaseUrl) {
    }

    /** The credentials as sealed: the three fields every call-control client takes. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SealedCredentials(@Nullable String accountId, @Nullable String apiKey, @Nullable String secret) {
    }
}
