package io.mgw.controlplane.auth;

import io.mgw.controlplane.error.ApiException;
import java.util.Set;

/**
 * Who is calling: the authenticated API key, the user it acts as and that user's organization.
 *
 * @param keyId          the key's id
 * @param userId         the user the key acts as
 * @param organizationId the tenant every lookup is scoped to
 * @param role           the user's role
 * @param platformAdmin  whether the user administers the platform (organizations)
 * @param scopes         what the key may do
 */
public record Caller(String keyId, String userId, String organizationId, Role role, boolean platformAdmin,
                     Set<Scope> scopes) {

    /** The request attribute the authentication filter stores the caller under. */
    public static final String ATTRIBUTE = "mgw.caller";

    public Caller {
        scopes = Set.copyOf(scopes);
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

    /** Throws 403 unless the caller is a platform admin with the admin scope. */
    public void requirePlatformAdmin() {
        requireScope(Scope.ADMIN);
        if (!platformAdmin) {
            throw ApiException.forbidden("only a platform admin may do this");
        }
    }
}
