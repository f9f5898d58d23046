package io.mgw.controlplane.telephony;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

/** Telephony configurations. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface TelephonyConfigurationRepository extends CrudRepository<TelephonyConfiguration, String> {

    Optional<TelephonyConfiguration> findByIdAndOrganizationId(String id, String organizationId);

    Optional<TelephonyConfiguration> findByOrganizationIdAndProviderAndIdentifier(String organizationId, String provider,
                                                                                 String identifier);

    /** An organization's configurations for one provider (the agent stream's fallback when a call names no account). */
    List<TelephonyConfiguration> findByOrganizationIdAndProvider(String organizationId, String provider);

    /** Across organizations: the agent stream knows the provider and identifier before it knows the tenant. */
    List<TelephonyConfiguration> findByProviderAndIdentifier(String provider, String identifier);

    @Query("SELECT * FROM telephony_configurations WHERE organization_id = :organizationId"
            + " ORDER BY created_at, id LIMIT :limit OFFSET :offset")
    List<TelephonyConfiguration> page(String organizationId, int limit, long offset);

    long countByOrganizationId(String organizationId);
}
