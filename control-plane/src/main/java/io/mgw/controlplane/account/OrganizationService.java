package io.mgw.controlplane.account;

import io.micronaut.transaction.annotation.Transactional;
import io.mgw.adapters.contract.Ids;
import io.mgw.controlplane.account.AccountViews.CreateOrganizationRequest;
import io.mgw.controlplane.account.AccountViews.CreatedApiKey;
import io.mgw.controlplane.account.AccountViews.CreatedOrganization;
import io.mgw.controlplane.account.AccountViews.LimitsRequest;
import io.mgw.controlplane.account.AccountViews.OrganizationView;
import io.mgw.controlplane.account.AccountViews.UserView;
import io.mgw.controlplane.auth.ApiKeySecrets;
import io.mgw.controlplane.auth.Caller;
import io.mgw.controlplane.auth.Role;
import io.mgw.controlplane.auth.Scope;
import io.mgw.controlplane.common.ListPage;
import io.mgw.controlplane.common.PageRequest;
import io.mgw.controlplane.error.ApiException;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Organizations (tenants): created and listed by platform admins; limits set by them or the organization's admins. */
@Singleton
public class OrganizationService {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final OrganizationRepository organizations;
    private final WorkspaceRepository workspaces;
    private final UserService userService;
    private final ApiKeyRepository keys;
    private final Clock clock;

    public OrganizationService(OrganizationRepository organizations, WorkspaceRepository workspaces,
                               UserService userService, ApiKeyRepository keys, Clock clock) {
        this.organizations = organizations;
        this.workspaces = workspaces;
        this.userService = userService;
        this.keys = keys;
        this.clock = clock;
    }

    @Transactional
    public CreatedOrganization create(Caller caller, CreateOrganizationRequest request) {
        if (request == null) {
            throw ApiException.badRequest("request body is required");
        }
        String name = request.name() == null ? "" : request.name().trim();
        if (name.isEmpty() || name.length() > 200) {
            throw ApiException.invalidField("name", "name is required (1-200 characters)");
        }
        String slug = request.slug() == null ? slugOf(name) : request.slug();
        if (!SLUG.matcher(slug).matches()) {
            throw ApiException.invalidField("slug", "slug must be lowercase letters, digits and dashes (1-63)");
        }
        validateLimits(request.sessionSecondsBudget(), request.concurrentCallLimit());
        UserService.NewUser owner = request.owner() == null ? null
                : UserService.validate(request.owner(), Role.OWNER, "owner.");
        caller.requirePlatformAdmin();
        if (organizations.findBySlug(slug).isPresent()) {
            throw ApiException.conflict("an organization with slug " + slug + " already exists");
        }
        Instant now = clock.instant();
        Organization org = organizations.save(new Organization(Ids.newId("org"), name, slug,
                request.sessionSecondsBudget(), 0, request.concurrentCallLimit(), now, now));
        Workspace workspace = workspaces.save(new Workspace(Ids.newId("ws"), org.id(), "default", true, now, now));
        UserView ownerView = null;
        CreatedApiKey ownerKey = null;
        if (owner != null) {
            User user = userService.insert(org.id(), owner, false);
            ownerView = UserView.of(user);
            String secret = ApiKeySecrets.newSecret();
            ApiKey key = keys.save(new ApiKey(Ids.newId("key"), org.id(), user.id(), caller.userId(), "owner key",
                    ApiKeySecrets.displayPrefix(secret), ApiKeySecrets.hash(secret),
                    Scope.wireNames(user.roleValue().scopes()), false, null, null, null, now));
            ownerKey = new CreatedApiKey(key.id(), key.name(), secret, key.keyPrefix(), List.of(key.scopes()),
                    key.userId(), key.organizationId(), null, key.createdAt());
        }
        return new CreatedOrganization(OrganizationView.of(org, workspace.id()), ownerView, ownerKey);
    }

    public ListPage<OrganizationView> list(Caller caller, PageRequest page) {
        caller.requirePlatformAdmin();
        List<Organization> all = organizations.findAllOrderByCreatedAt();
        List<OrganizationView> items = all.stream().skip(page.offset()).limit(page.limit())
                .map(org -> OrganizationView.of(org, defaultWorkspaceId(org.id()))).toList();
        return ListPage.of(all.size(), page, items);
    }

    public OrganizationView get(Caller caller, String organizationId) {
        return OrganizationView.of(visible(caller, organizationId, false), defaultWorkspaceId(organizationId));
    }

    @Transactional
    public OrganizationView updateLimits(Caller caller, String organizationId, LimitsRequest request) {
        if (request == null) {
            throw ApiException.badRequest("request body is required");
        }
        validateLimits(request.sessionSecondsBudget(), request.concurrentCallLimit());
        Organization org = visible(caller, organizationId, true);
        Organization updated = organizations.update(
                org.withLimits(request.sessionSecondsBudget(), request.concurrentCallLimit(), clock.instant()));
        return OrganizationView.of(updated, defaultWorkspaceId(organizationId));
    }

    /** Platform admins see every organization; others only their own, and anything else is 404. */
    private Organization visible(Caller caller, String organizationId, boolean administer) {
        if (!Ids.wellFormed(organizationId)) {
            throw ApiException.invalidField("id", "not a valid organization id");
        }
        if (administer) {
            caller.requireScope(Scope.ADMIN);
        }
        boolean allowed = caller.platformAdmin() && caller.hasScope(Scope.ADMIN)
                || caller.organizationId().equals(organizationId);
        if (!allowed) {
            throw ApiException.notFound("organization", organizationId);
        }
        return organizations.findById(organizationId)
                .orElseThrow(() -> ApiException.notFound("organization", organizationId));
    }

    private String defaultWorkspaceId(String organizationId) {
        return workspaces.findByOrganizationIdAndIsDefaultTrue(organizationId).map(Workspace::id).orElse(null);
    }

    private static void validateLimits(Long budget, Integer callLimit) {
        if (budget != null && budget < 0) {
            throw ApiException.invalidField("sessionSecondsBudget", "sessionSecondsBudget must be 0 or more (null: unlimited)");
        }
        if (callLimit != null && callLimit < 0) {
            throw ApiException.invalidField("concurrentCallLimit", "concurrentCallLimit must be 0 or more (null: unlimited)");
        }
    }

    private static String slugOf(String name) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (slug.isEmpty()) {
            slug = "org";
        }
        return slug.length() > 50 ? slug.substring(0, 50) : slug;
    }
}
