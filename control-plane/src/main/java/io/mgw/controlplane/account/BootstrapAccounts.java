package io.mgw.controlplane.account;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.micronaut.transaction.annotation.Transactional;
import io.mgw.controlplane.auth.ApiKeySecrets;
import io.mgw.controlplane.auth.Role;
import io.mgw.controlplane.auth.Scope;
import io.mgw.controlplane.config.ControlPlaneConfig;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure organization {@code default}, its platform admin and the bootstrap key exist. The key is
 * {@code MGW_BOOTSTRAP_API_KEY} when set (a changed value replaces the old key); otherwise one is generated on
 * the first start and printed once.
 */
@Singleton
public class BootstrapAccounts implements ApplicationEventListener<ServerStartupEvent> {

    static final String ORGANIZATION_ID = "org_default";
    static final String WORKSPACE_ID = "ws_default";
    static final String ADMIN_USER_ID = "user_platform_admin";
    static final String KEY_ID = "key_bootstrap";
    private static final Logger LOG = LoggerFactory.getLogger(BootstrapAccounts.class);

    private final OrganizationRepository organizations;
    private final WorkspaceRepository workspaces;
    private final UserRepository users;
    private final ApiKeyRepository keys;
    private final ControlPlaneConfig config;
    private final Clock clock;

    public BootstrapAccounts(OrganizationRepository organizations, WorkspaceRepository workspaces,
                             UserRepository users, ApiKeyRepository keys, ControlPlaneConfig config, Clock clock) {
        this.organizations = organizations;
        this.workspaces = workspaces;
        this.users = users;
        this.keys = keys;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        ensure();
    }

    @Transactional
    void ensure() {
        Instant now = clock.instant();
        if (!organizations.existsById(ORGANIZATION_ID)) {
            organizations.save(new Organization(ORGANIZATION_ID, "Default", "default", null, 0, null, now, now));
            workspaces.save(new Workspace(WORKSPACE_ID, ORGANIZATION_ID, "default", true, now, now));
        }
        if (!users.existsById(ADMIN_USER_ID)) {
            users.save(new User(ADMIN_USER_ID, ORGANIZATION_ID, "admin@localhost", "Platform admin",
                    Role.OWNER.wireName(), true, null, now, now, null));
        }
        String configured = config.bootstrapApiKey();
        var existing = keys.findById(KEY_ID);
        if (configured != null) {
            String hash = ApiKeySecrets.hash(configured);
            if (existing.isEmpty()) {
                keys.save(bootstrapKey(configured, hash, now));
            } else if (!existing.get().keyHash().equals(hash) || existing.get().revoked()) {
                keys.update(bootstrapKey(configured, hash, existing.get().createdAt()));
                LOG.info("bootstrap API key replaced by MGW_BOOTSTRAP_API_KEY");
            }
        } else if (existing.isEmpty()) {
            String secret = ApiKeySecrets.newSecret();
            keys.save(bootstrapKey(secret, ApiKeySecrets.hash(secret), now));
            LOG.warn("Generated the bootstrap platform-admin API key; it is shown only this once:\n\n    {}\n", secret);
        }
    }

    private static ApiKey bootstrapKey(String secret, String hash, Instant createdAt) {
        return new ApiKey(KEY_ID, ORGANIZATION_ID, ADMIN_USER_ID, null, "bootstrap",
                ApiKeySecrets.displayPrefix(secret), hash, Scope.wireNames(Scope.all()), false, null, null, null,
                createdAt);
    }
}
