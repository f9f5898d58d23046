package io.mgw.controlplane.account;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.List;

/** The JSON shapes of the accounts API: requests and responses, never the stored rows themselves. */
public final class AccountViews {

    private AccountViews() {
    }

    /** An organization with its limits. */
    public record OrganizationView(String id, String name, String slug, @Nullable Long sessionSecondsBudget,
                                   long sessionSecondsUsed, @Nullable Integer concurrentCallLimit,
                                   @Nullable String defaultWorkspaceId, Instant createdAt, Instant updatedAt) {

        static OrganizationView of(Organization org, @Nullable String defaultWorkspaceId) {
            return new OrganizationView(org.id(), org.name(), org.slug(), org.sessionSecondsBudget(),
                    org.sessionSecondsUsed(), org.concurrentCallLimit(), defaultWorkspaceId, org.createdAt(),
                    org.updatedAt());
        }
    }

    /** A user. */
    public record UserView(String id, String organizationId, String email, @Nullable String name, String role,
                           boolean platformAdmin, Instant createdAt) {

        static UserView of(User user) {
            return new UserView(user.id(), user.organizationId(), user.email(), user.name(), user.role(),
                    user.platformAdmin(), user.createdAt());
        }
    }

    /** An API key without its secret. */
    public record ApiKeyView(String id, String name, String keyPrefix, List<String> scopes, String userId,
                             String organizationId, @Nullable String createdBy, boolean revoked,
                             @Nullable Instant revokedAt, @Nullable Instant lastUsedAt, @Nullable Instant expiresAt,
                             Instant createdAt) {

        static ApiKeyView of(ApiKey key) {
            return new ApiKeyView(key.id(), key.name(), key.keyPrefix(), List.of(key.scopes()), key.userId(),
                    key.organizationId(), key.createdBy(), key.revoked(), key.revokedAt(), key.lastUsedAt(),
                    key.expiresAt(), key.createdAt());
        }
    }

    /** A key just created: the only response that carries the secret, in {@code key}. */
    public record CreatedApiKey(String id, String name, String key, String keyPrefix, List<String> scopes,
                                String userId, String organizationId, @Nullable Instant expiresAt,
                                Instant createdAt) {
    }

    /** Body of {@code POST /api/v1/organizations}; {@code owner}, when given, gets a user and a first key. */
    public record CreateOrganizationRequest(@Nullable String name, @Nullable String slug,
                                            @Nullable Long sessionSecondsBudget,
                                            @Nullable Integer concurrentCallLimit,
                                            @Nullable CreateUserRequest owner) {
    }

    /** Response of {@code POST /api/v1/organizations}. */
    public record CreatedOrganization(OrganizationView organization, @Nullable UserView owner,
                                      @Nullable CreatedApiKey apiKey) {
    }

    /** Body of {@code PUT /api/v1/organizations/{id}/limits}; null means unlimited. */
    public record LimitsRequest(@Nullable Long sessionSecondsBudget, @Nullable Integer concurrentCallLimit) {
    }

    /** Body of {@code POST /api/v1/users}. */
    public record CreateUserRequest(@Nullable String email, @Nullable String name, @Nullable String role) {
    }

    /** Body of {@code POST /api/v1/api-keys}. */
    public record CreateApiKeyRequest(@Nullable String name, @Nullable List<String> scopes, @Nullable String userId,
                                      @Nullable Integer expiresInDays) {
    }

    /** A workspace as the workspaces API shows it. */
    public record WorkspaceView(String id, String organizationId, String name, boolean isDefault, Instant createdAt,
                                Instant updatedAt) {
        static WorkspaceView of(Workspace workspace) {
            return new WorkspaceView(workspace.id(), workspace.organizationId(), workspace.name(), workspace.isDefault(),
                    workspace.createdAt(), workspace.updatedAt());
        }
    }

    /** {@code POST /api/v1/workspaces}. */
    public record CreateWorkspaceRequest(@Nullable String name) {
    }
}
