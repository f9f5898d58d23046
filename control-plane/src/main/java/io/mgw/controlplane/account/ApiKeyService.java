package io.mgw.controlplane.account;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import io.mgw.adapters.contract.Ids;
import io.mgw.controlplane.account.AccountViews.ApiKeyView;
import io.mgw.controlplane.account.AccountViews.CreateApiKeyRequest;
import io.mgw.controlplane.account.AccountViews.CreatedApiKey;
import io.mgw.controlplane.auth.ApiKeySecrets;
import io.mgw.controlplane.auth.Caller;
import io.mgw.controlplane.auth.Scope;
import io.mgw.controlplane.common.ListPage;
import io.mgw.controlplane.common.PageRequest;
import io.mgw.controlplane.error.ApiException;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Creates, lists and revokes API keys; a key never holds more than its creator, nor reaches another organization. */
@Singleton
public class ApiKeyService {

    private static final int MAX_NAME_LENGTH = 200;
    private static final int MAX_EXPIRY_DAYS = 3650;

    private final ApiKeyRepository keys;
    private final UserRepository users;
    private final Clock clock;

    public ApiKeyService(ApiKeyRepository keys, UserRepository users, Clock clock) {
        this.keys = keys;
        this.users = users;
        this.clock = clock;
    }

    @Transactional
    public CreatedApiKey create(Caller caller, CreateApiKeyRequest request) {
        if (request == null) {
            throw ApiException.badRequest("request body is required");
        }
        String name = request.name() == null ? "" : request.name().trim();
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw ApiException.invalidField("name", "name is required (1-" + MAX_NAME_LENGTH + " characters)");
        }
        Set<Scope> requested = request.scopes() == null ? null : parseScopes(request.scopes());
        if (request.userId() != null && !Ids.wellFormed(request.userId())) {
            throw ApiException.invalidField("userId", "userId is not a valid id");
        }
        if (request.expiresInDays() != null && (request.expiresInDays() < 1 || request.expiresInDays() > MAX_EXPIRY_DAYS)) {
            throw ApiException.invalidField("expiresInDays", "expiresInDays must be between 1 and " + MAX_EXPIRY_DAYS);
        }
        String targetUserId = request.userId() == null ? caller.userId() : request.userId();
        if (!targetUserId.equals(caller.userId())) {
            caller.requireScope(Scope.ADMIN);
        }
        User target = users.findByIdAndOrganizationIdAndDeletedAtIsNull(targetUserId, caller.organizationId())
                .orElseThrow(() -> ApiException.notFound("user", targetUserId));
        Set<Scope> allowedForTarget = target.roleValue().scopes();
        Set<Scope> scopes;
        if (requested == null) {
            scopes = EnumSet.noneOf(Scope.class);
            scopes.addAll(caller.scopes());
            scopes.retainAll(allowedForTarget);
        } else {
            List<String> beyondCaller = names(requested, caller.scopes());
            if (!beyondCaller.isEmpty()) {
                throw ApiException.forbidden("cannot grant scopes beyond your own: " + String.join(", ", beyondCaller));
            }
            List<String> beyondRole = names(requested, allowedForTarget);
            if (!beyondRole.isEmpty()) {
                throw ApiException.invalidField("scopes", "the user's role " + target.role()
                        + " does not allow: " + String.join(", ", beyondRole));
            }
            scopes = requested;
        }
        if (scopes.isEmpty()) {
            throw ApiException.invalidField("scopes", "the key would hold no scope");
        }
        Instant now = clock.instant();
        String secret = ApiKeySecrets.newSecret();
        Instant expiresAt = request.expiresInDays() == null ? null : now.plus(Duration.ofDays(request.expiresInDays()));
        ApiKey key = keys.save(new ApiKey(Ids.newId("key"), caller.organizationId(), target.id(), caller.userId(), name,
                ApiKeySecrets.displayPrefix(secret), ApiKeySecrets.hash(secret), Scope.wireNames(scopes), false, null,
                null, expiresAt, now));
        return new CreatedApiKey(key.id(), key.name(), secret, key.keyPrefix(), List.of(key.scopes()), key.userId(),
                key.organizationId(), key.expiresAt(), key.createdAt());
    }

    /** Admins see every key of their organization; others only their own. */
    public ListPage<ApiKeyView> list(Caller caller, PageRequest page, @Nullable String userId) {
        if (userId != null && !Ids.wellFormed(userId)) {
            throw ApiException.invalidField("userId", "userId is not a valid id");
        }
        String filter = caller.hasScope(Scope.ADMIN) ? userId : caller.userId();
        long count = keys.count(caller.organizationId(), filter);
        List<ApiKeyView> items = keys.list(caller.organizationId(), filter, page.limit(), page.offset()).stream()
                .map(ApiKeyView::of).toList();
        return ListPage.of(count, page, items);
    }

    public void revoke(Caller caller, String keyId) {
        if (!Ids.wellFormed(keyId)) {
            throw ApiException.invalidField("id", "not a valid API key id");
        }
        ApiKey key = keys.findByIdAndOrganizationId(keyId, caller.organizationId())
                .filter(k -> caller.hasScope(Scope.ADMIN) || k.userId().equals(caller.userId()))
                .orElseThrow(() -> ApiException.notFound("API key", keyId));
        keys.revoke(key.id(), clock.instant());
    }

    private static Set<Scope> parseScopes(List<String> names) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String name : names) {
            scopes.add(Scope.fromWireName(name).orElseThrow(
                    () -> ApiException.invalidField("scopes", "unknown scope '" + name + "'")));
        }
        return scopes;
    }

    private static List<String> names(Set<Scope> requested, Set<Scope> allowed) {
        List<String> missing = new ArrayList<>();
        for (Scope scope : requested) {
            if (!allowed.contains(scope)) {
                missing.add(scope.wireName());
            }
        }
        return missing;
    }
}
