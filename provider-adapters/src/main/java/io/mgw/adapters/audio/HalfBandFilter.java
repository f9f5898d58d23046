package io.mgw.adapters.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Exact factor-2 sample-rate conversion (8 <-> 16 kHz, 24 <-> 48 kHz: the telephony paths) with a half-band FIR,
 * a Kaiser-windowed sinc cut at a quarter of the higher rate. In a half-band filter every second tap is zero except
 * the centre, and the taps are symmetric, so doubling copies every input sample and computes the one between from
 * {@value #TAPS_PER_SIDE} multiply-adds of pre-summed pairs, and halving costs as much per output: about a quarter of
 * the work of a general polyphase filter of the same length. With {@value #TAPS_PER_SIDE} taps per side at 70 dB the
 * pass band is flat (within 0.01 dB) to 0.41 of the lower rate (3.3 kHz at 8 kHz: the telephone band) and the stop
 * band holds 62 dB from 0.59 of it (4.7 kHz) and 67 dB from 4.8 kHz: aliases that far down sit well under G.711's own
 * quantisation noise (about 38 dB below the signal). Sixteen taps per side bought 5 dB more for a third more work.
 *
 * <p>One instance per stream and direction (it keeps the last input samples); not thread-safe.
 */
final class HalfBandFilter {

    /** Non-zero taps on each side of the centre. */
    static final int TAPS_PER_SIDE = 12;

    /** Pair weights g[k] for the taps at odd offsets +-(2k+1) from the centre, shared by all instances. */
    private static final float[] WEIGHTS = design(TAPS_PER_SIDE, Resampler.STOPBAND_DB);

    /** The kernel every instance uses: SIMD where the JVM offers the Vector API, scalar otherwise. */
    private static final HalfBandKernel FASTEST = HalfBandKernel.fastest(WEIGHTS);

    /** Doubling: the input samples before a frame that its first pair sums reach back to. */
    private static final int UP_HISTORY = 2 * TAPS_PER_SIDE - 1;
    /**
     * Halving splits its input into even- and odd-indexed samples (counting from the stream's first): an output is
     * centred on an even-indexed sample and its taps, at odd distances, are odd-indexed. Between frames it keeps the
     * {@code TAP_HISTORY} taps before the next output's last one and the centres from the next output's own on; a
     * stream starts on that many zeros, {@code CENTRE_HISTORY} centres of them (the filter's delay).
     */
    private static final int TAP_HISTORY = 2 * TAPS_PER_SIDE - 1;
    private static final int CENTRE_HISTORY = TAPS_PER_SIDE - 1;

    private final boolean up;
    private final HalfBandKernel kernel;
    /** Doubling: history then the frame's samples. */
    private float[] input;
    /** Halving: the odd-indexed samples from the next output's first tap on. */
    private float[] taps;
    /** Halving: the even-indexed samples from the next output's centre on. */
    private float[] centres;
    private int tapCount;
    private int centreCount;
    /** Halving: a frame in another encoding than PCM16, decoded before it is split. */
    private float[] decoded;
    private int[] results;
    private long consumed;

    /** @param up true to double the rate, false to halve it */
    HalfBandFilter(boolean up) {
        this(up, FASTEST);
    }

    HalfBandFilter(boolean up, HalfBandKernel kernel) {
        this.up = up;
        this.kernel = kernel;
        reserve(960);
        reset();
    }

    /** The weights the kernels apply, for tests that build a kernel of their own. */
    static float[] weights() {
        return WEIGHTS.clone();
    }

    int maxOutputSamples(int inputSamples) {
        return up ? 2 * inputSamples : inputSamples / 2 + 1;
    }

    /** Exactly how many samples the next {@code inputSamples} input samples give. */
    int outputSamples(int inputSamples) {
        return up ? 2 * inputSamples : (int) ((consumed + inputSamples) / 2 - consumed / 2);
    }

    /** Group delay in output samples. */
    double delayOutputSamples() {
        return up ? 2 * TAPS_PER_SIDE : TAPS_PER_SIDE - 1;
    }

    void reset() {
        Arrays.fill(input, 0f);
        Arrays.fill(taps, 0f);
        Arrays.fill(centres, 0f);
        tapCount = TAP_HISTORY;
        centreCount = CENTRE_HISTORY;
        consumed = 0;
    }

    int process(short[] in, int offset, int length, short[] output, int outputOffset) {
        reserve(length);
        if (up) {
            for (int i = 0; i < length; i++) {
                input[UP_HISTORY + i] = in[offset + i];
            }
            int pairs = doubled(length);
            for (int j = 0; j < pairs; j++) {
                output[outputOffset + 2 * j] = (short) results[j];
                output[outputOffset + 2 * j + 1] = (short) (results[j] >> 16);
            }
            return 2 * pairs;
        }
        for (int i = 0; i < length; i++) {
            split(i, in[offset + i]);
        }
        int count = halved(length);
        for (int j = 0; j < count; j++) {
            output[outputOffset + j] = (short) results[j];
        }
        return count;
    }

    /**
     * Converts {@code samples} samples of {@code from}-encoded bytes to {@code to}-encoded bytes at {@code dst[at..]}
     * (room for {@link #outputSamples} samples); returns the samples written. The same audio as {@link #process}
     * with the encodings around it, without the intermediate 16-bit arrays.
     */
    int process(AudioEncoding from, byte[] src, int offset, int samples, AudioEncoding to, byte[] dst, int at) {
        reserve(samples);
        if (up) {
            from.decode(src, offset, input, UP_HISTORY, samples);
            int pairs = doubled(samples);
            if (to == AudioEncoding.PCM16) {
                ByteBuffer.wrap(dst, at, 4 * pairs).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer()
                        .put(results, 0, pairs);
            } else { // G.711 at a doubled rate: not a telephony path, so the pairs are unpacked in place first
                for (int j = pairs - 1; j >= 0; j--) { // backwards: slot 2j is never below the pair j still unread
                    int pair = results[j];
                    results[2 * j + 1] = pair >> 16;
                    results[2 * j] = (short) pair;
                }
                to.encode(results, 0, dst, at, 2 * pairs);
            }
            return 2 * pairs;
        }
        if (from == AudioEncoding.PCM16 && (consumed & 1) == 0 && (samples & 1) == 0) {
            kernel.splitPcm16Pairs(src, offset, samples / 2, centres, centreCount, taps, tapCount);
            centreCount += samples / 2;
            tapCount += samples / 2;
        } else {
            from.decode(src, offset, decoded, 0, samples);
            for (int i = 0; i < samples; i++) {
                split(i, decoded[i]);
            }
        }
        int count = halved(samples);
        to.encode(results, 0, dst, at, count);
        return count;
    }

    /** Room for frames of {@code length} samples; history survives a growth. */
    private void reserve(int length) {
        if (results == null || results.length < length) {
            input = grow(input, up ? UP_HISTORY + length : 0);
            taps = grow(taps, up ? 0 : TAP_HISTORY + length / 2 + 1);
            centres = grow(centres, up ? 0 : CENTRE_HISTORY + length / 2 + 2);
            decoded = new float[up ? 0 : length];
            results = new int[up ? 2 * length : length]; // doubling unpacks its pairs in place
        }
    }

    private static float[] grow(float[] array, int length) {
        return array == null ? new float[length] : Arrays.copyOf(array, Math.max(array.length, length));
    }

    /** Doubling of the samples at input[UP_HISTORY..]: one packed pair per input sample in results. */
    private int doubled(int length) {
        kernel.doubled(input, UP_HISTORY - TAPS_PER_SIDE, length, results);
        consumed += length;
        System.arraycopy(input, length, input, 0, UP_HISTORY);
        return length;
    }

    /** Adds the frame's i-th sample to the half its index in the stream falls in. */
    private void split(int i, float sample) {
        if (((consumed + i) & 1) == 0) {
            centres[centreCount++] = sample;
        } else {
            taps[tapCount++] = sample;
        }
    }

    /** Halving once the frame's samples are split: every output whose last tap has arrived, in results. */
    private int halved(int length) {
        int count = outputSamples(length);
        kernel.halved(taps, TAPS_PER_SIDE - 1, centres, count, results);
        consumed += length;
        tapCount -= count;
        centreCount -= count;
        System.arraycopy(taps, count, taps, 0, tapCount);
        System.arraycopy(centres, count, centres, 0, centreCount);
        return count;
    }

    /**
     * Weights of the pairs at offsets +-(2k+1): twice the half-band taps, normalised so that doubling has unity gain
     * (the pairs sum to 1) and halving, which uses half of each weight plus half the centre, does too.
     */
    static float[] design(int tapsPerSide, double stopbandDb) {
        int half = 2 * tapsPerSide - 1; // the outermost non-zero tap's offset
        double beta = 0.1102 * (stopbandDb - 8.7);
        double i0Beta = besselI0(beta);
        double[] taps = new double[tapsPerSide];
        double sum = 0;
        for (int k = 0; k < tapsPerSide; k++) {
            int offset = 2 * k + 1;
            double sinc = Math.sin(Math.PI * offset / 2) / (Math.PI * offset);
            double ratio = offset / (double) (half + 1);
            double window = besselI0(beta * Math.sqrt(Math.max(0, 1 - ratio * ratio))) / i0Beta;
            taps[k] = sinc * window;
            sum += 2 * taps[k];
        }
        float[] weights = new float[tapsPerSide];
        for (int k = 0; k < tapsPerSide; k++) {
            weights[k] = (float) (taps[k] / sum);
        }
        return weights;
    }

    static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double half = x / 2;
        for (int k = 1; k < 50; k++) {
            term *= (half / k) * (half / k);
            sum += term;
            if (term < 1e-12 * sum) {
                break;
            }
        }
        return sum;
    }
}
