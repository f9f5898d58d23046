package io.mgw.adapters.contract.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A catalog scope template such as {@code datasources:read:{config.dataSource}} or
 * {@code http:call:{host(config.url)}}: literal text plus placeholders that read a (dotted) config path,
 * optionally through {@code host(...)}, which keeps only the lower-cased host of a URL.
 */
public final class ScopeTemplate {

    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\{(?:(host)\\()?config\\.([A-Za-z0-9_]+(?:\\.[A-Za-z0-9_]+)*)(\\))?}");

    private final String source;
    private final List<Object> parts;

    private ScopeTemplate(String source, List<Object> parts) {
        this.source = source;
        this.parts = parts;
    }

    /** Parses a template; throws {@link IllegalArgumentException} for unbalanced braces or unknown functions. */
    public static ScopeTemplate parse(String template) {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("scope template is empty");
        }
        List<Object> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        int last = 0;
        while (m.find()) {
            boolean host = m.group(1) != null;
            if (host != (m.group(3) != null)) {
                throw new IllegalArgumentException("unbalanced parentheses in scope template " + template);
            }
            parts.add(literal(template, template.substring(last, m.start())));
            parts.add(new Placeholder(host, List.of(m.group(2).split("\\."))));
            last = m.end();
        }
        parts.add(literal(template, template.substring(last)));
        return new ScopeTemplate(template, List.copyOf(parts));
    }

    private static String literal(String template, String text) {
        if (text.indexOf('{') >= 0 || text.indexOf('}') >= 0) {
            throw new IllegalArgumentException("unsupported placeholder in scope template " + template
                    + " (use {config.key} or {host(config.key)})");
        }
        return text;
    }

    /** The config keys (first path segment) the template reads. */
    public List<String> referencedKeys() {
        return parts.stream().filter(Placeholder.class::isInstance).map(p -> ((Placeholder) p).path().get(0)).toList();
    }

    /**
     * The scope for a node's config, or empty when a referenced value is missing, blank, not a scalar,
     * contains whitespace, or (for {@code host(...)}) is not a URL with a host.
     */
    public Optional<String> render(JsonNode config) {
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof String text) {
                out.append(text);
                continue;
            }
            Placeholder p = (Placeholder) part;
            JsonNode value = config;
            for (String key : p.path()) {
                value = value == null ? null : value.get(key);
            }
            if (value == null || !value.isValueNode() || value.isNull()) {
                return Optional.empty();
            }
            String text = value.asText().trim();
            if (text.isEmpty() || text.chars().anyMatch(Character::isWhitespace)) {
                return Optional.empty();
            }
            if (p.host()) {
                Optional<String> host = host(text);
                if (host.isEmpty()) {
                    return Optional.empty();
                }
                text = host.get();
            }
            out.append(text);
        }
        return Optional.of(out.toString());
    }

    private static Optional<String> host(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null || host.isEmpty() ? Optional.empty() : Optional.of(host.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return source;
    }

    private record Placeholder(boolean host, List<String> path) {
    }
}
