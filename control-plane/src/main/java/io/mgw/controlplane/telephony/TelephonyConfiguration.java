package io.mgw.controlplane.telephony;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** An organization's configuration for one provider account: identifier, sealed credentials, API host. */
@MappedEntity("telephony_configurations")
public record TelephonyConfiguration(
        @Id String id,
        String organizationId,
        String provider,
        String identifier,
        @Nullable String name,
        byte[] credentialsCiphertext,
        String credentialsKeyId,
        @Nullable String credentialsHint,
        @Nullable String apiBaseUrl,
        @Nullable String createdBy,
        Instant createdAt,
        Instant updatedAt) {
}
