package io.mgw.gateway.resume;

import java.util.OptionalLong;

/**
 * The {@code ?resume_from=W} watermark: 1-19 ASCII digits within a signed 64-bit value; anything else is ignored
 * as if absent (API document, "Resume Cursor").
 */
public final class ResumeCursor {

    public static final String QUERY_PARAMETER = "resume_from";

    private ResumeCursor() {
    }

    public static OptionalLong parse(String value) {
        if (value == null || value.isEmpty() || value.length() > 19) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
        }
        try {
            return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return OptionalLong.empty(); // 19 digits above Long.MAX_VALUE
        }
    }
}
