package io.mgw.adapters.frame;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * Audio in the session's format. The binary form is {@link #data()} as a binary WebSocket frame;
 * the JSON form is {@code {"type":"audio","data":"<base64>"}}. Never carries {@code seq}.
 *
 * <p>The array is owned by the frame once constructed: callers must not modify it afterwards.
 */
public record AudioFrame(byte[] data) implements Frame {

    /** Wire type. */
    public static final String TYPE = "audio";

    /** Requires data. */
    public AudioFrame {
        Objects.requireNonNull(data, "data");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AudioFrame that && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "AudioFrame[" + data.length + " bytes]";
    }

    /** The base64 text of the JSON form. */
    public String base64() {
        return Base64.getEncoder().encodeToString(data);
    }
}
