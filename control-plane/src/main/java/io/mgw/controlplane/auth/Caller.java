package io.mgw.controlplane.auth;

import io.micronaut.core.annotation.Nullable;
import io.mgw.controlplane.error.ApiException;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Who is calling: the authenticated API key (directly, or through the browser login made with it), the user it
 * acts as and that user's organization.
 *
 * @param keyId          the key's id
 * @param userId         the user the key acts as
 * @param organizationId the tenant every lookup is scoped to
 * @param role           the user's role
 * @param platformAdmin  whether the user administers the platform (organizations)
 * @param scopes         what the key may do
 * @param loginSessionId the browser login the request came with, or null for a request with an API key
 */
public record Caller(String keyId, String userId, String organizationId, Role role, boolean platformAdmin,
                     Set<Scope> scopes, @Nullable UUID loginSessionId) {

    /** The request attribute the authentication filter stores the caller under. */
    public static final String ATTRIBUTE = "mgw.caller";

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    /** A caller with an API key. */
    public Caller(String keyId, String userId, String organizationId, Role role, boolean platformAdmin, Set<Scope> scopes) {
        this(keyId, userId, organizationId, role, platformAdmin, scopes, null);
    }

    public boolean hasScope(Scope scope) {
        return scopes.contains(scope);
    }

    /** Throws 403 unless the key holds {@code scope}. Call it after validating parameters (errors come in DESIGN.md's order). */
    public void requireScope(Scope scope) {
        if (!hasScope(scope)) {
            throw ApiException.forbidden("this API key lacks the scope " + scope.wireName());
        }
    }

    /** Throws 403 unless the key holds one of {@code scopes}; call it where DESIGN's order puts scope checks. */
    public void requireAnyScope(Scope... scopes) {
        for (Scope scope : scopes) {
            if (hasScope(scope)) {
                return;
            }
        }
        throw ApiException.forbidden("this API key lacks the scope " + Arrays.stream(scopes).map(Scope::wireName)
                .collect(Collectors.joining(" or ")));
    }

    /** Throws 403 unless the caller is a platform admin with the admin scope. */
    public void requirePlatformAdmin() {
        requireScope(Scope.ADMIN);
        if (!platformAdmin) {
            throw ApiException.forbidden("only a platform admin may do this");
        }
    }
}
