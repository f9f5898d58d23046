package io.mgw.adapters.audio;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Sample encodings the gateway handles; the wire names are those of frames.md. */
public enum AudioEncoding {
    /** Signed 16-bit linear PCM, little-endian. */
    PCM16("pcm16", 2, (byte) 0x00),
    /** ITU-T G.711 mu-law, one byte per sample. */
    MULAW("mulaw", 1, MuLaw.SILENCE),
    /** ITU-T G.711 A-law, one byte per sample. */
    ALAW("alaw", 1, ALaw.SILENCE);

    private final String wireName;
    private final int bytesPerSample;
    private final byte silenceByte;

    AudioEncoding(String wireName, int bytesPerSample, byte silenceByte) {
        this.wireName = wireName;
        this.bytesPerSample = bytesPerSample;
        this.silenceByte = silenceByte;
    }

    /** The name used in canonical frames. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Bytes per mono sample. */
    public int bytesPerSample() {
        return bytesPerSample;
    }

    /** The byte value that encodes silence (fill for padding a partial frame). */
    public byte silenceByte() {
        return silenceByte;
    }

    /** Decodes {@code samples} samples of this encoding at {@code src[offset..]} to 16-bit samples. */
    public void decode(byte[] src, int offset, short[] dst, int at, int samples) {
        switch (this) {
            case MULAW -> MuLaw.decode(src, offset, dst, at, samples);
            case ALAW -> ALaw.decode(src, offset, dst, at, samples);
            case PCM16 -> Pcm16.toSamples(src, offset, dst, at, samples);
        }
    }

    /** Decodes {@code samples} samples of this encoding to floats (the resampler's input). */
    public void decode(byte[] src, int offset, float[] dst, int at, int samples) {
        switch (this) {
            case MULAW -> MuLaw.decode(src, offset, dst, at, samples);
            case ALAW -> ALaw.decode(src, offset, dst, at, samples);
            case PCM16 -> Pcm16.toSamples(src, offset, dst, at, samples);
        }
    }

    /** Encodes {@code samples} 16-bit samples into this encoding at {@code dst[at..]}. */
    public void encode(short[] src, int offset, byte[] dst, int at, int samples) {
        switch (this) {
            case MULAW -> MuLaw.encode(src, offset, dst, at, samples);
            case ALAW -> ALaw.encode(src, offset, dst, at, samples);
            case PCM16 -> Pcm16.toBytes(src, offset, dst, at, samples);
        }
    }

    /** Encodes {@code samples} 16-bit samples held in ints (the resampler's output) into this encoding. */
    public void encode(int[] src, int offset, byte[] dst, int at, int samples) {
        switch (this) {
            case MULAW -> MuLaw.encode(src, offset, dst, at, samples);
            case ALAW -> ALaw.encode(src, offset, dst, at, samples);
            case PCM16 -> Pcm16.toBytes(src, offset, dst, at, samples);
        }
    }

    /** Parses a canonical wire name; unknown names throw {@link IllegalArgumentException}. */
    @JsonCreator
    public static AudioEncoding fromWireName(String name) {
        if (name != null) {
            String lower = name.toLowerCase(Locale.ROOT);
            for (AudioEncoding encoding : values()) {
                if (encoding.wireName.equals(lower)) {
                    return encoding;
                }
            }
        }
        throw new IllegalArgumentException("Unknown audio encoding");
    }
}
