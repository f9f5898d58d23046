package io.mgw.runtime.batch;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.mgw.adapters.frame.FrameJson;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;

/** Reads the JSON bodies of the batch endpoints; a problem is an {@link InvalidRequest} naming the field. */
final class BatchRequests {

    private BatchRequests() {
    }

    /** A 400 answer: {@code code} is malformed_json or invalid_field. */
    static final class InvalidRequest extends Exception {
        final String code;

        InvalidRequest(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    static <T> T read(ByteBuf body, Class<T> type, T empty) throws InvalidRequest {
        if (!body.isReadable()) {
            return empty;
        }
        try (InputStream in = new ByteBufInputStream(body.duplicate())) {
            T value = FrameJson.mapper().readValue(in, type);
            return value == null ? empty : value;
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? "(body)" : e.getPath().get(e.getPath().size() - 1).getFieldName();
            throw new InvalidRequest("invalid_field", field + ": has the wrong type");
        } catch (JacksonException e) {
            throw new InvalidRequest("malformed_json", "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidRequest("malformed_json", "the body could not be read");
        }
    }

    /** The given execution id (a UUID), or a new one when absent. */
    static String executionId(String given) throws InvalidRequest {
        if (given == null || given.isBlank()) {
            return UUID.randomUUID().toString();
        }
        try {
            return UUID.fromString(given).toString();
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest("invalid_field", "execution_id: must be a UUID");
        }
    }

    /** Inputs must be an object when given. */
    static JsonNode inputs(JsonNode inputs) throws InvalidRequest {
        if (inputs != null && !inputs.isNull() && !inputs.isObject()) {
            throw new InvalidRequest("invalid_field", "inputs: must be an object");
        }
        return inputs;
    }
}
