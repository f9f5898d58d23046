package io.mgw.adapters.provider;

import io.mgw.adapters.audio.AudioFormat;
import io.mgw.adapters.audio.Rechunker;
import java.util.Map;
import java.util.Objects;

/**
 * Per-call settings for a codec: the pod's audio format, the outbound frame duration, the
 * connection's query parameters (hints only: values in the provider's start message win) and size
 * limits for untrusted input.
 */
public record CodecOptions(
        AudioFormat podFormat,
        int frameMs,
        Map<String, String> query,
        int maxMessageBytes,
        int maxAudioBytes) {

    /** Default limit for one provider text message. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;
    /** Default limit for one decoded audio payload (1 s of PCM16 at 16 kHz). */
    public static final int DEFAULT_MAX_AUDIO_BYTES = 32 * 1024;

    /** Validates and copies. */
    public CodecOptions {
        Objects.requireNonNull(podFormat, "podFormat");
        if (podFormat.encoding() != io.mgw.adapters.audio.AudioEncoding.PCM16 || podFormat.channels() != 1) {
            throw new IllegalArgumentException("pod audio is mono PCM16");
        }
        if (frameMs <= 0 || maxMessageBytes <= 0 || maxAudioBytes <= 0) {
            throw new IllegalArgumentException("sizes must be positive");
        }
        query = query == null ? Map.of() : Map.copyOf(query);
    }

    /** PCM16 16 kHz to the pod, 20 ms frames, no query, default limits. */
    public static CodecOptions defaults() {
        return new CodecOptions(AudioFormat.PCM16_16K, Rechunker.DEFAULT_FRAME_MS, Map.of(),
                DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_AUDIO_BYTES);
    }

    /** A copy with another pod sample rate. */
    public CodecOptions withPodRate(int sampleRate) {
        return new CodecOptions(AudioFormat.pcm16(sampleRate), frameMs, query, maxMessageBytes, maxAudioBytes);
    }

    /** A copy with the connection's query parameters. */
    public CodecOptions withQuery(Map<String, String> newQuery) {
        return new CodecOptions(podFormat, frameMs, newQuery, maxMessageBytes, maxAudioBytes);
    }

    /** A query parameter or {@code null}. */
    public String queryValue(String name) {
        return query.get(name);
    }
}
