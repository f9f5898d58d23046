package io.mgw.adapters.audio;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Streaming sample-rate converter for mono PCM16 between 8, 16, 24 and 48 kHz: a polyphase FIR
 * (rational factor up/down) whose prototype is a Kaiser-windowed sinc low-pass.
 *
 * <p>The low-pass is a real anti-aliasing filter: its cutoff sits at {@value #CUTOFF_RATIO} of the
 * lower rate's Nyquist frequency with about {@value #STOPBAND_DB} dB stop-band attenuation, so
 * 16k to 8k removes a 6 kHz tone instead of folding it to 2 kHz, and 8k to 16k suppresses the
 * spectral image instead of repeating samples. The filter is linear-phase; its delay is
 * {@link #delayOutputSamples()}.
 *
 * <p>Factor-2 pairs (8 <-> 16 kHz and 24 <-> 48 kHz, every telephony call) use a {@link HalfBandFilter} instead,
 * about a quarter of the work for a comparable filter.
 *
 * <p>One instance per stream and direction (it keeps the last input samples between calls); not
 * thread-safe. Filter designs are computed once per rate pair and shared read-only.
 */
public final class Resampler {

    /** The sample rates supported in both directions. */
    public static final List<Integer> SUPPORTED_RATES = List.of(8_000, 16_000, 24_000, 48_000);

    /** Cutoff (the -6 dB point) as a fraction of the lower rate's Nyquist frequency. */
    public static final double CUTOFF_RATIO = 0.91;
    /** Design stop-band attenuation in dB (sets the Kaiser window's beta). */
    public static final double STOPBAND_DB = 70.0;
    /** Taps per polyphase branch when upsampling; scaled by in/out rate ratio when downsampling. */
    static final int BASE_TAPS_PER_PHASE = 32;

    private static final Map<Long, Design> DESIGNS = designAll();

    private final int inputRate;
    private final int outputRate;
    private final Design design;
    private final HalfBandFilter halfBand;
    private float[] buffer;
    private int position;
    /** The polyphase path's 16-bit scratch for {@link #convert}. */
    private short[] decoded = new short[0];
    private short[] resampled = new short[0];

    private Resampler(int inputRate, int outputRate) {
        this.inputRate = inputRate;
        this.outputRate = outputRate;
        boolean factorTwo = outputRate == 2 * inputRate || inputRate == 2 * outputRate;
        this.halfBand = factorTwo ? new HalfBandFilter(outputRate > inputRate) : null;
        this.design = inputRate == outputRate || factorTwo ? null : DESIGNS.get(key(inputRate, outputRate));
        this.buffer = design == null ? new float[0] : new float[design.tapsPerPhase - 1 + 480];
    }

    /** A converter from one supported rate to another (equal rates give a copying pass-through). */
    public static Resampler create(int inputRate, int outputRate) {
        if (!SUPPORTED_RATES.contains(inputRate) || !SUPPORTED_RATES.contains(outputRate)) {
            throw new IllegalArgumentException("unsupported rate pair " + inputRate + " -> " + outputRate);
        }
        return new Resampler(inputRate, outputRate);
    }

    /** Input sample rate in Hz. */
    public int inputRate() {
        return inputRate;
    }

    /** Output sample rate in Hz. */
    public int outputRate() {
        return outputRate;
    }

    /** Upper bound of output samples produced for {@code inputSamples} input samples. */
    public int maxOutputSamples(int inputSamples) {
        if (halfBand != null) {
            return halfBand.maxOutputSamples(inputSamples);
        }
        if (design == null) {
            return inputSamples;
        }
        return (int) (((long) inputSamples * design.up + design.down - 1) / design.down) + 1;
    }

    /** The filter's group delay, in output samples (0 for a pass-through). */
    public double delayOutputSamples() {
        if (halfBand != null) {
            return halfBand.delayOutputSamples();
        }
        if (design == null) {
            return 0;
        }
        return (design.up * design.tapsPerPhase - 2) / 2.0 / design.down;
    }

    /** Forgets the stream history (as after a clear). */
    public void reset() {
        if (halfBand != null) {
            halfBand.reset();
        }
        java.util.Arrays.fill(buffer, 0f);
        position = 0;
    }

    /**
     * Converts {@code length} samples from {@code input} and writes the result to {@code output};
     * returns the number of samples written (at most {@link #maxOutputSamples(int)}).
     */
    public int process(short[] input, int offset, int length, short[] output, int outputOffset) {
        if (halfBand != null) {
            return halfBand.process(input, offset, length, output, outputOffset);
        }
        if (design == null) {
            System.arraycopy(input, offset, output, outputOffset, length);
            return length;
        }
        int taps = design.tapsPerPhase;
        int history = taps - 1;
        if (buffer.length < history + length) {
            buffer = java.util.Arrays.copyOf(buffer, history + length);
        }
        float[] buf = buffer;
        for (int i = 0; i < length; i++) {
            buf[history + i] = input[offset + i];
        }
        float[] coefficients = design.coefficients;
        int up = design.up;
        int down = design.down;
        int t = position;
        int limit = length * up;
        int written = 0;
        while (t < limit) {
            int index = t / up;
            int base = (t - index * up) * taps;
            float s0 = 0f;
            float s1 = 0f;
            float s2 = 0f;
            float s3 = 0f;
            for (int j = 0; j < taps; j += 4) {
                s0 += coefficients[base + j] * buf[index + j];
                s1 += coefficients[base + j + 1] * buf[index + j + 1];
                s2 += coefficients[base + j + 2] * buf[index + j + 2];
                s3 += coefficients[base + j + 3] * buf[index + j + 3];
            }
            output[outputOffset + written++] = clip((s0 + s1) + (s2 + s3));
            t += down;
        }
        position = t - limit;
        System.arraycopy(buf, length, buf, 0, history);
        return written;
    }

    /**
     * Converts {@code samples} samples of {@code from}-encoded bytes into a new array of {@code to}-encoded bytes at
     * the output rate: the factor-2 filter decodes and encodes inside its own passes; the polyphase path decodes to
     * 16-bit samples, converts and encodes.
     */
    byte[] convert(AudioEncoding from, byte[] data, int offset, int samples, AudioEncoding to) {
        if (halfBand != null) {
            byte[] out = new byte[halfBand.outputSamples(samples) * to.bytesPerSample()];
            halfBand.process(from, data, offset, samples, to, out, 0);
            return out;
        }
        if (decoded.length < samples) {
            decoded = new short[samples];
        }
        from.decode(data, offset, decoded, 0, samples);
        int max = maxOutputSamples(samples);
        if (resampled.length < max) {
            resampled = new short[max];
        }
        int produced = process(decoded, 0, samples, resampled, 0);
        byte[] out = new byte[produced * to.bytesPerSample()];
        to.encode(resampled, 0, out, 0, produced);
        return out;
    }

    /** Converts a whole array; allocates the result (prefer the array form on hot paths). */
    public short[] process(short[] input) {
        short[] out = new short[maxOutputSamples(input.length)];
        int n = process(input, 0, input.length, out, 0);
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /**
     * Rounds half away from zero and saturates, without a branch on the sign: audio's sign is a coin toss, so a
     * branch on it mispredicts every other sample. (Math.round(float) is not an intrinsic on Java 17 and cost more
     * than the filter.) NaN gives 0, as the cast does.
     */
    static short clip(float value) {
        int rounded = (int) (value + Math.copySign(0.5f, value));
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, rounded));
    }

    private static long key(int inputRate, int outputRate) {
        return (long) inputRate << 32 | outputRate;
    }

    private static Map<Long, Design> designAll() {
        Map<Long, Design> designs = new HashMap<>();
        for (int in : SUPPORTED_RATES) {
            for (int out : SUPPORTED_RATES) {
                if (in != out) {
                    designs.put(key(in, out), Design.of(in, out));
                }
            }
        }
        return Map.copyOf(designs);
    }

    /** A polyphase filter bank for one rate pair; immutable. */
    private static final class Design {
        final int up;
        final int down;
        final int tapsPerPhase;
        /** Phase-major; within a phase reversed, so a branch is a forward dot product with the input. */
        final float[] coefficients;

        private Design(int up, int down, int tapsPerPhase, float[] coefficients) {
            this.up = up;
            this.down = down;
            this.tapsPerPhase = tapsPerPhase;
            this.coefficients = coefficients;
        }

        static Design of(int inputRate, int outputRate) {
            int gcd = gcd(inputRate, outputRate);
            int up = outputRate / gcd;
            int down = inputRate / gcd;
            int lower = Math.min(inputRate, outputRate);
            // Transition width scales with upsampledRate / length; keep it a fixed share of the lower rate.
            int taps = (int) Math.ceil(BASE_TAPS_PER_PHASE * (double) inputRate / lower);
            taps = (taps + 3) / 4 * 4;
            int length = up * taps - 1; // odd length: integer group delay
            double upsampledRate = (double) inputRate * up;
            double cutoff = lower / 2.0 * CUTOFF_RATIO / upsampledRate; // cycles per sample
            double beta = 0.1102 * (STOPBAND_DB - 8.7);
            double center = (length - 1) / 2.0;
            double[] prototype = new double[up * taps];
            double sum = 0;
            double i0Beta = besselI0(beta);
            for (int k = 0; k < length; k++) {
                double x = k - center;
                double sinc = x == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
                double ratio = x / center;
                double window = besselI0(beta * Math.sqrt(Math.max(0, 1 - ratio * ratio))) / i0Beta;
                prototype[k] = sinc * window;
                sum += prototype[k];
            }
            double gain = up / sum; // unity DC gain after zero-stuffing by `up`
            float[] coefficients = new float[up * taps];
            for (int phase = 0; phase < up; phase++) {
                for (int j = 0; j < taps; j++) {
                    coefficients[phase * taps + j] = (float) (prototype[phase + (taps - 1 - j) * up] * gain);
                }
            }
            return new Design(up, down, taps, coefficients);
        }

        private static int gcd(int a, int b) {
            return b == 0 ? a : gcd(b, a % b);
        }

        private static double besselI0(double x) {
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
}
