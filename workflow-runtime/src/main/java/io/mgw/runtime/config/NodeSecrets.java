package io.mgw.runtime.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Secrets nodes may name ({@code llm}'s {@code apiKeySecret}): each is an environment variable
 * {@code MGW_NODE_SECRET_<NAME>}, where a node's secret name is upper-cased and every character other than a letter
 * or digit becomes {@code _} ({@code openai-prod} reads {@code MGW_NODE_SECRET_OPENAI_PROD}). In Kubernetes they come
 * from Secrets mapped to env. Values never appear in {@code toString()} or logs.
 */
public record NodeSecrets(Map<String, String> values) {

    public static final String PREFIX = "MGW_NODE_SECRET_";

    public NodeSecrets {
        values = Map.copyOf(values);
    }

    public static NodeSecrets none() {
        return new NodeSecrets(Map.of());
    }

    /** Collects every {@code MGW_NODE_SECRET_*} variable of {@code env}. */
    public static NodeSecrets from(Map<String, String> env) {
        Map<String, String> found = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(PREFIX) && name.length() > PREFIX.length() && value != null && !value.isEmpty()) {
                found.put(name.substring(PREFIX.length()), value);
            }
        });
        return new NodeSecrets(found);
    }

    /** The environment variable a node's secret name reads. */
    public static String variable(String name) {
        return PREFIX + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(variable(name).substring(PREFIX.length())));
    }

    @Override
    public String toString() {
        return "NodeSecrets" + values.keySet();
    }
}
