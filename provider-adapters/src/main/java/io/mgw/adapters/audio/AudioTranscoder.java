package io.mgw.adapters.audio;

import java.util.Arrays;

/**
 * Converts one direction of a mono stream between two formats: decode (G.711 or PCM16) to linear
 * samples, resample, encode (fused into one pass on the factor-2 paths). Scratch buffers are reused, so a call
 * allocates only its result.
 * One per stream and direction; not thread-safe.
 */
public final class AudioTranscoder {

    private final AudioFormat source;
    private final AudioFormat target;
    private final Resampler resampler;

    /** A transcoder from {@code source} to {@code target}; both must be mono at a supported rate. */
    public AudioTranscoder(AudioFormat source, AudioFormat target) {
        if (source.channels() != 1 || target.channels() != 1) {
            throw new IllegalArgumentException("only mono audio is supported");
        }
        this.source = source;
        this.target = target;
        this.resampler = Resampler.create(source.sampleRate(), target.sampleRate());
    }

    /** The input format. */
    public AudioFormat source() {
        return source;
    }

    /** The output format. */
    public AudioFormat target() {
        return target;
    }

    /** Whether input and output are the same format (conversion is a copy). */
    public boolean isIdentity() {
        return source.equals(target);
    }

    /** Converts {@code length} bytes of source audio; returns a new array in the target format. */
    public byte[] convert(byte[] data, int offset, int length) {
        if (isIdentity()) {
            return Arrays.copyOfRange(data, offset, offset + length);
        }
        int samples = length / source.encoding().bytesPerSample();
        if (source.sampleRate() == target.sampleRate()) {
            return sameRate(data, offset, samples);
        }
        return resampler.convert(source.encoding(), data, offset, samples, target.encoding());
    }

    /** Converts a whole array. */
    public byte[] convert(byte[] data) {
        return convert(data, 0, data.length);
    }

    /** Forgets resampler history (after a clear). */
    public void reset() {
        resampler.reset();
    }

    /** Same rate, different encoding: one table pass, no intermediate buffer. */
    private byte[] sameRate(byte[] data, int offset, int samples) {
        byte[] out = new byte[samples * target.encoding().bytesPerSample()];
        AudioEncoding from = source.encoding();
        AudioEncoding to = target.encoding();
        if (to == AudioEncoding.PCM16) {
            if (from == AudioEncoding.MULAW) {
                MuLaw.decodeToPcm16(data, offset, out, 0, samples);
            } else {
                ALaw.decodeToPcm16(data, offset, out, 0, samples);
            }
        } else if (from == AudioEncoding.PCM16) {
            if (to == AudioEncoding.MULAW) {
                MuLaw.encodeFromPcm16(data, offset, out, 0, samples);
            } else {
                ALaw.encodeFromPcm16(data, offset, out, 0, samples);
            }
        } else {
            for (int i = 0; i < samples; i++) {
                out[i] = to == AudioEncoding.MULAW
                        ? MuLaw.encode(ALaw.decode(data[offset + i]))
                        : ALaw.encode(MuLaw.decode(data[offset + i]));
            }
        }
        return out;
    }
}
