package io.mgw.adapters.frame;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A keypad digit pressed by the caller: 0-9, {@code *}, {@code #}, A-D; duration optional. */
public record DtmfFrame(String digit, @JsonProperty("duration_ms") Integer durationMs) implements Frame {

    /** Wire type. */
    public static final String TYPE = "dtmf";

    /** Requires one valid keypad digit (upper-cased) and a non-negative duration. */
    public DtmfFrame {
        FrameChecks.requireText(digit, "digit");
        digit = digit.toUpperCase(java.util.Locale.ROOT);
        if (!isKeypadDigit(digit)) {
            throw ProtocolError.of(ProtocolError.Kind.INVALID_VALUE, "Invalid DTMF digit").toException();
        }
        if (durationMs != null && durationMs < 0) {
            throw ProtocolError.of(ProtocolError.Kind.INVALID_VALUE, "Field duration_ms must not be negative")
                    .toException();
        }
    }

    /** Whether the text is exactly one keypad digit (0-9, *, #, A-D, either case). */
    public static boolean isKeypadDigit(String digit) {
        if (digit == null || digit.length() != 1) {
            return false;
        }
        char c = Character.toUpperCase(digit.charAt(0));
        return (c >= '0' && c <= '9') || c == '*' || c == '#' || (c >= 'A' && c <= 'D');
    }

    @Override
    public String type() {
        return TYPE;
    }
}
