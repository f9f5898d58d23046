package io.mgw.controlplane.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** A user's role in their organization, and the scopes it allows. */
public enum Role {
    OWNER,
    ADMIN,
    MEMBER;

    /** Owners and admins hold every scope; members every scope but {@code admin}. */
    public Set<Scope> scopes() {
        if (this == MEMBER) {
            return EnumSet.complementOf(EnumSet.of(Scope.ADMIN));
        }
        return Scope.all();
    }

    /** The scopes among {@code wireNames} this role still allows (unknown names are dropped). */
    public Set<Scope> limit(String[] wireNames) {
        Set<Scope> allowed = EnumSet.noneOf(Scope.class);
        for (String name : wireNames) {
            Scope.fromWireName(name).filter(scopes()::contains).ifPresent(allowed::add);
        }
        return allowed;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromWireName(String name) {
        for (Role role : values()) {
            if (role.wireName().equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
