package io.mgw.adapters.provider;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** A provider's registry name as it appears in the agent-stream path or {@code ?provider=}. */
public record ProviderId(String name) {

    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    /** Requires a lowercase name of letters, digits, '-' or '_'. */
    public ProviderId {
        Objects.requireNonNull(name, "name");
        if (!VALID.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid provider name");
        }
    }

    /** Normalises user input (trim, lowercase) into an id; invalid text throws IllegalArgumentException. */
    public static ProviderId of(String name) {
        return new ProviderId(name == null ? "" : name.trim().toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return name;
    }
}
