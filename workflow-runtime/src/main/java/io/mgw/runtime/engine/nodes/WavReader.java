package io.mgw.runtime.engine.nodes;

import io.mgw.adapters.audio.Resampler;
import io.mgw.runtime.engine.NodeError;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads a RIFF/WAVE file into a {@link PcmClip}: chunks are walked (odd sizes padded, unknown chunks skipped) for
 * {@code fmt } and {@code data}. Only 16-bit integer PCM (format 1, or WAVE_FORMAT_EXTENSIBLE with the PCM
 * subformat), mono or stereo (averaged to mono), at a rate the {@link Resampler} converts from; anything else is a
 * {@code play.unsupported_format} error naming what it found.
 */
final class WavReader {

    static final String UNSUPPORTED = "play.unsupported_format";
    private static final int PCM = 1;
    private static final int EXTENSIBLE = 0xFFFE;

    private WavReader() {
    }

    static boolean isWav(byte[] file) {
        return file.length >= 12 && tag(file, 0).equals("RIFF") && tag(file, 8).equals("WAVE");
    }

    static PcmClip read(byte[] file) {
        if (!isWav(file)) {
            throw unsupported("not a RIFF/WAVE file");
        }
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int position = 12;
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        while (position + 8 <= file.length) {
            String id = tag(file, position);
            long size = Integer.toUnsignedLong(in.getInt(position + 4));
            int body = position + 8;
            if (id.equals("fmt ")) {
                if (size < 16 || body + 16 > file.length) {
                    throw unsupported("the fmt chunk is truncated");
                }
                format = Short.toUnsignedInt(in.getShort(body));
                channels = Short.toUnsignedInt(in.getShort(body + 2));
                rate = in.getInt(body + 4);
                bits = Short.toUnsignedInt(in.getShort(body + 14));
                if (format == EXTENSIBLE && size >= 40 && body + 26 <= file.length) {
                    format = Short.toUnsignedInt(in.getShort(body + 24));
                }
            } else if (id.equals("data")) {
                if (format < 0) {
                    throw unsupported("the data chunk comes before fmt");
                }
                check(format, channels, rate, bits);
                int length = (int) Math.min(size, file.length - body);
                return new PcmClip(samples(in, body, length, channels), rate);
            }
            position = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
        }
        throw unsupported(format < 0 ? "no fmt chunk" : "no data chunk");
    }

    private static void check(int format, int channels, int rate, int bits) {
        if (format != PCM) {
            throw unsupported("WAV format " + format + " is not integer PCM");
        }
        if (bits != 16) {
            throw unsupported(bits + "-bit samples (only 16-bit PCM is played)");
        }
        if (channels != 1 && channels != 2) {
            throw unsupported(channels + " channels (mono or stereo only)");
        }
        if (!Resampler.SUPPORTED_RATES.contains(rate)) {
            throw unsupported("a sample rate of " + rate + " Hz (supported: " + Resampler.SUPPORTED_RATES + ")");
        }
    }

    private static short[] samples(ByteBuffer in, int offset, int length, int channels) {
        int frames = length / (2 * channels);
        short[] mono = new short[frames];
        for (int i = 0; i < frames; i++) {
            int at = offset + i * 2 * channels;
            mono[i] = channels == 1 ? in.getShort(at) : (short) ((in.getShort(at) + in.getShort(at + 2)) / 2);
        }
        return mono;
    }

    private static String tag(byte[] file, int at) {
        return new String(file, at, 4, java.nio.charset.StandardCharsets.US_ASCII);
    }

    static NodeError unsupported(String what) {
        return new NodeError(UNSUPPORTED, "unsupported audio asset: " + what);
    }
}
