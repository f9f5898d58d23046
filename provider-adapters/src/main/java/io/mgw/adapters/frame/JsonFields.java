package io.mgw.adapters.frame;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Typed reads of fields from a JSON object for hand-written message parsers (provider codecs).
 *
 * <p>Each read either returns the value or throws {@link ProtocolErrorException}, which the parser
 * catches at its boundary and returns as a {@link ParseResult.Err}: it never leaves a parser.
 */
public final class JsonFields {
    private JsonFields() {
    }

    /** The object under {@code field}, or an error with {@code reason} when absent or not an object. */
    public static JsonNode requiredObject(JsonNode parent, String field, String reason) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            throw new ProtocolError(ProtocolError.Kind.MISSING_FIELD, reason, field).toException();
        }
        if (!value.isObject()) {
            throw new ProtocolError(ProtocolError.Kind.WRONG_TYPE, reason, field).toException();
        }
        return value;
    }

    /** A non-blank string field; missing, null or blank gives {@code reason}. */
    public static String requiredText(JsonNode parent, String field, String reason) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            throw new ProtocolError(ProtocolError.Kind.MISSING_FIELD, reason, field).toException();
        }
        if (!value.isTextual()) {
            throw new ProtocolError(ProtocolError.Kind.WRONG_TYPE, reason, field).toException();
        }
        if (value.textValue().isBlank()) {
            throw new ProtocolError(ProtocolError.Kind.MISSING_FIELD, reason, field).toException();
        }
        return value.textValue();
    }

    /** A non-blank string field with a generic "Missing field" reason. */
    public static String requiredText(JsonNode parent, String field) {
        return requiredText(parent, field, "Missing field " + field);
    }

    /** A string field or {@code null}; a non-string value is an error. */
    public static String optionalText(JsonNode parent, String field) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ProtocolError.wrongType(field, "a string").toException();
        }
        return value.textValue();
    }

    /**
     * An integer given either as a JSON number or as a string of digits (providers disagree: Twilio
     * sends {@code "8000"} where Telnyx sends {@code 8000}); {@code fallback} when absent.
     */
    public static long lenientLong(JsonNode parent, String field, long fallback) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isTextual()) {
            String text = value.textValue().trim();
            if (!text.isEmpty() && text.length() <= 18 && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Long.parseLong(text);
            }
        }
        throw ProtocolError.wrongType(field, "an integer").toException();
    }

    /** A base64 string field decoded to bytes; missing or invalid base64 is an error. */
    public static byte[] requiredBase64(JsonNode parent, String field) {
        String text = requiredText(parent, field);
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw ProtocolError.of(ProtocolError.Kind.INVALID_BASE64, "Invalid base64 in " + field).toException();
        }
    }

    /**
     * A flat object of string parameters (custom parameters, headers); scalar values are kept as
     * their text, nested values and nulls are dropped. Absent gives an empty map.
     */
    public static Map<String, String> stringMap(JsonNode parent, String field) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw ProtocolError.wrongType(field, "an object").toException();
        }
        Map<String, String> result = new LinkedHashMap<>();
        value.fields().forEachRemaining(entry -> {
            if (entry.getValue().isValueNode() && !entry.getValue().isNull()) {
                result.put(entry.getKey(), entry.getValue().asText());
            }
        });
        return result;
    }
}
