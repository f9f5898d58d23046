package io.mgw.adapters.audio;

import java.util.Objects;

/** An audio stream format: encoding, sample rate and channel count (the gateway handles mono). */
public record AudioFormat(AudioEncoding encoding, int sampleRate, int channels) {

    /** Provider default: G.711 mu-law, 8 kHz, mono. */
    public static final AudioFormat MULAW_8K = new AudioFormat(AudioEncoding.MULAW, 8_000, 1);
    /** G.711 A-law, 8 kHz, mono. */
    public static final AudioFormat ALAW_8K = new AudioFormat(AudioEncoding.ALAW, 8_000, 1);
    /** Canonical pod default: PCM16 LE, 16 kHz, mono. */
    public static final AudioFormat PCM16_16K = new AudioFormat(AudioEncoding.PCM16, 16_000, 1);

    /** Validates the fields. */
    public AudioFormat {
        Objects.requireNonNull(encoding, "encoding");
        if (sampleRate <= 0 || channels <= 0) {
            throw new IllegalArgumentException("sample rate and channels must be positive");
        }
    }

    /** PCM16 mono at the given rate. */
    public static AudioFormat pcm16(int sampleRate) {
        return new AudioFormat(AudioEncoding.PCM16, sampleRate, 1);
    }

    /** Samples (per channel) in the given duration. */
    public int samplesPer(int millis) {
        return sampleRate / 1000 * millis;
    }

    /** Bytes in the given duration. */
    public int bytesPer(int millis) {
        return samplesPer(millis) * channels * encoding.bytesPerSample();
    }
}
