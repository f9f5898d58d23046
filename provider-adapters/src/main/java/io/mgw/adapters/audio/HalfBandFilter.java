package io.mgw.adapters.audio;

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
    private static final PairSums FASTEST = PairSums.fastest(WEIGHTS);

    private final boolean up;
    private final int history;
    private final PairSums pairSums;
    private float[] buffer;
    /** Halving: every second buffered sample, the ones the taps touch, so the kernel reads them contiguously. */
    private float[] tapped;
    private float[] sums;
    private long consumed;

    /** @param up true to double the rate, false to halve it */
    HalfBandFilter(boolean up) {
        this(up, FASTEST);
    }

    HalfBandFilter(boolean up, PairSums pairSums) {
        this.up = up;
        this.history = up ? 2 * TAPS_PER_SIDE - 1 : 4 * TAPS_PER_SIDE - 2;
        this.pairSums = pairSums;
        this.buffer = new float[history + 960];
        this.tapped = new float[up ? 0 : 960 / 2 + 2 * TAPS_PER_SIDE];
        this.sums = new float[960];
    }

    /** The weights the kernels apply, for tests that build a kernel of their own. */
    static float[] weights() {
        return WEIGHTS.clone();
    }

    int maxOutputSamples(int inputSamples) {
        return up ? 2 * inputSamples : inputSamples / 2 + 1;
    }

    /** Group delay in output samples. */
    double delayOutputSamples() {
        return up ? 2 * TAPS_PER_SIDE : TAPS_PER_SIDE - 1;
    }

    void reset() {
        java.util.Arrays.fill(buffer, 0f);
        consumed = 0;
    }

    int process(short[] input, int offset, int length, short[] output, int outputOffset) {
        if (buffer.length < history + length) {
            buffer = java.util.Arrays.copyOf(buffer, history + length);
            tapped = new float[up ? 0 : length / 2 + 2 * TAPS_PER_SIDE];
            sums = new float[length];
        }
        float[] buf = buffer;
        for (int i = 0; i < length; i++) {
            buf[history + i] = input[offset + i];
        }
        int written = up ? doubled(buf, length, output, outputOffset) : halved(buf, length, output, outputOffset);
        consumed += length;
        System.arraycopy(buf, length, buf, 0, history);
        return written;
    }

    /** Per input x[i]: x[i-M] unchanged, then the sample halfway to x[i-M+1]. */
    private int doubled(float[] buf, int length, short[] output, int at) {
        int firstCentre = history - TAPS_PER_SIDE;
        pairSums.sums(buf, firstCentre, length, sums);
        for (int j = 0; j < length; j++) {
            output[at + 2 * j] = (short) buf[firstCentre + j]; // an input sample, exact in a float
            output[at + 2 * j + 1] = Resampler.clip(sums[j]);
        }
        return 2 * length;
    }

    /** One output per two inputs, centred on every second input sample. */
    private int halved(float[] buf, int length, short[] output, int at) {
        int m = TAPS_PER_SIDE;
        // The absolute index of buf[p] is consumed + p - history; outputs fall on odd absolute indexes.
        int first = history + (int) ((consumed & 1) == 0 ? 1 : 0);
        int count = (history + length - first + 1) / 2;
        int firstCentre = first - (2 * m - 1);
        // The taps sit at odd distances from the centres: tapped holds those samples, from 2m - 1 before the first
        // centre on, so output j's pair k is tapped[j + m + k] and tapped[j + m - 1 - k].
        int from = firstCentre - (2 * m - 1);
        int tappedCount = count + 2 * m - 1;
        for (int i = 0; i < tappedCount; i++) {
            tapped[i] = buf[from + 2 * i];
        }
        pairSums.sums(tapped, m - 1, count, sums);
        for (int j = 0; j < count; j++) {
            output[at + j] = Resampler.clip(0.5f * (buf[firstCentre + 2 * j] + sums[j]));
        }
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
