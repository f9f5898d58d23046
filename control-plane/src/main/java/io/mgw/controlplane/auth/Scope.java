package io.mgw.controlplane.auth;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** An API key scope, with its wire name as DESIGN.md lists it. */
public enum Scope {
    WORKFLOWS_READ("workflows:read"),
    WORKFLOWS_WRITE("workflows:write"),
    WORKFLOWS_EXECUTE("workflows:execute"),
    STREAMING_WORKFLOWS_READ("streaming-workflows:read"),
    STREAMING_WORKFLOWS_DEPLOY("streaming-workflows:deploy"),
    STREAMING_SESSIONS_READ("streaming-sessions:read"),
    STREAMING_SESSIONS_WRITE("streaming-sessions:write"),
    TELEPHONY_READ("telephony:read"),
    TELEPHONY_WRITE("telephony:write"),
    /** Users, API keys and limits. */
    ADMIN("admin");

    private static final Map<String, Scope> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Scope::wireName, Function.identity()));

    private final String wireName;

    Scope(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Scope> fromWireName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static Set<Scope> all() {
        return EnumSet.allOf(Scope.class);
    }

    /** The wire names of every scope, in declaration order. */
    public static String[] wireNames(Set<Scope> scopes) {
        return scopes.stream().sorted().map(Scope::wireName).toArray(String[]::new);
    }
}
