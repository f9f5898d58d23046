package io.mgw.adapters.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads typed values from an environment map and collects every problem instead of stopping at the first.
 * Each reader returns its default after recording a problem, so the loader can go on and report the rest;
 * {@link #throwIfProblems} then reports them all in one {@link ConfigException}. Every problem starts with the
 * variable's name and a colon. Secret values are never echoed in problem messages.
 *
 * <p>Plain Java on purpose: every process (the Netty ones and control-plane) reads its environment with it.
 */
public final class EnvReader {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");

    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    public EnvReader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The trimmed value, or {@code fallback} when unset or blank. */
    public String string(String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** A Redis key (no whitespace), or {@code fallback} when unset or blank. */
    public String redisKey(String name, String fallback) {
        String value = string(name, fallback);
        if (value.chars().anyMatch(Character::isWhitespace)) {
            problems.add(name + ": '" + value + "' is not a Redis key");
        }
        return value;
    }

    /** An integer within {@code min..max}, or {@code fallback} when unset. */
    public int integer(String name, int fallback, int min, int max) {
        String raw = string(name, null);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
            problems.add(name + ": " + value + " is out of range " + min + ".." + max);
        } catch (NumberFormatException e) {
            problems.add(name + ": '" + raw + "' is not an integer");
        }
        return fallback;
    }

    /** A TCP port, 0 meaning any free one. */
    public int port(String name, int fallback) {
        return integer(name, fallback, 0, 65535);
    }

    /** A duration: whole seconds, or a number with unit {@code ms}, {@code s}, {@code m} or {@code h}. */
    public Duration duration(String name, Duration fallback, Duration min, Duration max) {
        String raw = string(name, null);
        if (raw == null) {
            return fallback;
        }
        Matcher matcher = DURATION.matcher(raw.toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            problems.add(name + ": '" + raw + "' is not a duration (seconds, or a number with ms, s, m or h)");
            return fallback;
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration value = switch (matcher.group(2) == null ? "s" : matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            problems.add(name + ": " + raw + " is out of range " + human(min) + ".." + human(max));
            return fallback;
        }
        return value;
    }

    private static String human(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    /** An absolute URI with a host and one of {@code schemes}; {@code null} fallback means optional. */
    public URI uri(String name, String fallback, Set<String> schemes) {
        String raw = string(name, fallback);
        if (raw == null) {
            return null;
        }
        try {
            URI uri = new URI(raw);
            if (uri.getScheme() != null && schemes.contains(uri.getScheme().toLowerCase(Locale.ROOT))
                    && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        String shown = raw.contains("@") ? "the value (hidden: it carries credentials)" : "'" + raw + "'";
        problems.add(name + ": " + shown + " is not a URL of the form " + String.join("|", schemes.stream().sorted().toList())
                + "://host[:port]");
        return fallback == null ? null : URI.create(fallback);
    }

    /** A required secret of at least {@code minBytes} UTF-8 bytes; its value never appears in a message. */
    public String secret(String name, int minBytes, String purpose) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            problems.add(name + ": not set; " + purpose + " (bin/mgw passes one; set it when starting this process alone)");
            return "";
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < minBytes) {
            problems.add(name + ": too short (" + bytes + " bytes); at least " + minBytes + " bytes are required");
        }
        return value;
    }

    /** Records a problem found by the caller (a rule across several values). */
    public void problem(String message) {
        problems.add(message);
    }

    /**
     * Throws one {@link ConfigException} listing every problem recorded so far, if any.
     *
     * @param component the process named in the message, e.g. {@code media-gateway}
     */
    public void throwIfProblems(String component) {
        if (!problems.isEmpty()) {
            throw new ConfigException(component, problems);
        }
    }
}
