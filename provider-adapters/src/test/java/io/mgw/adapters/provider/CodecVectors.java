package io.mgw.adapters.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.mgw.adapters.frame.Frame;
import io.mgw.adapters.frame.ProtocolError;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Shared vectors and assertions for the provider codec tests (shared/reference/provider-vectors.md). */
public final class CodecVectors {

    /** Base64 of 160 bytes of 0xFF: 20 ms of mu-law silence at 8 kHz. */
    public static final String MULAW20 = base64(filled(160, (byte) 0xFF));

    private CodecVectors() {
    }

    /** An array of {@code length} copies of {@code value}. */
    public static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }

    /** Standard base64. */
    public static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Options with the pod at {@code podRate} and the given query. */
    public static CodecOptions options(int podRate, Map<String, String> query) {
        return CodecOptions.defaults().withPodRate(podRate).withQuery(query);
    }

    /** The frames of a result that must be {@link DecodeResult.Frames}. */
    public static List<Frame> frames(DecodeResult result) {
        return assertInstanceOf(DecodeResult.Frames.class, result, () -> "got " + result).frames();
    }

    /** The single frame of a result, of the given type. */
    public static <T extends Frame> T single(DecodeResult result, Class<T> type) {
        List<Frame> frames = frames(result);
        assertEquals(1, frames.size(), () -> "frames " + frames);
        return assertInstanceOf(type, frames.get(0));
    }

    /** The call of a result that must be {@link DecodeResult.Started}. */
    public static CallInfo started(DecodeResult result) {
        return assertInstanceOf(DecodeResult.Started.class, result, () -> "got " + result).call();
    }

    /** Asserts a rejection of the given kind and returns the error. */
    public static ProtocolError rejected(DecodeResult result, ProtocolError.Kind kind) {
        ProtocolError error = assertInstanceOf(DecodeResult.Rejected.class, result, () -> "got " + result).error();
        assertEquals(kind, error.kind(), () -> "error " + error);
        return error;
    }

    /** Asserts a rejection with the given kind and exact reason. */
    public static void rejected(DecodeResult result, ProtocolError.Kind kind, String reason) {
        assertEquals(reason, rejected(result, kind).reason());
    }

    /** The messages of an encode result that must be {@link EncodeResult.Send}. */
    public static List<ProviderMessage> sent(EncodeResult result) {
        return assertInstanceOf(EncodeResult.Send.class, result, () -> "got " + result).messages();
    }

    /** The text of the only message sent. */
    public static String onlyText(EncodeResult result) {
        List<ProviderMessage> messages = sent(result);
        assertEquals(1, messages.size(), () -> "messages " + messages);
        return assertInstanceOf(ProviderMessage.Text.class, messages.get(0)).text();
    }

    /** Asserts two JSON texts are equal as trees. */
    public static void assertJson(String expected, String actual) {
        try {
            assertEquals(io.mgw.adapters.frame.FrameJson.mapper().readTree(expected),
                    io.mgw.adapters.frame.FrameJson.mapper().readTree(actual), actual);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
