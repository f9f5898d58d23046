package io.mgw.adapters.frame;

/** Argument checks for frame records that fail with a typed {@link ProtocolError}. */
final class FrameChecks {
    private FrameChecks() {
    }

    static String requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ProtocolError.missingField(field).toException();
        }
        return value;
    }

    static long requireSeq(long seq) {
        if (seq < 0) {
            throw ProtocolError.of(ProtocolError.Kind.INVALID_VALUE, "Field seq must not be negative").toException();
        }
        return seq;
    }
}
