package io.mgw.adapters.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PairSumsTest {

    private static final float[] WEIGHTS = HalfBandFilter.weights();

    private static float[] noise(Random random, int length) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) (random.nextGaussian() * 8000);
        }
        return x;
    }

    /** The sum written out term by term, in double: the reference both kernels are held to. */
    private static double exact(float[] x, int centre) {
        double sum = 0;
        for (int k = 0; k < WEIGHTS.length; k++) {
            sum += (double) WEIGHTS[k] * ((double) x[centre + 1 + k] + x[centre - k]);
        }
        return sum;
    }

    /** Float rounding allowed for that sum: a few ulps of the largest partial magnitudes. */
    private static double tolerance(float[] x, int centre) {
        double magnitude = 0;
        for (int k = 0; k < WEIGHTS.length; k++) {
            magnitude += Math.abs(WEIGHTS[k]) * (Math.abs(x[centre + 1 + k]) + Math.abs(x[centre - k]));
        }
        return 1e-5 * magnitude + 1e-6;
    }

    @Test
    void theTestJvmRunsTheSimdKernel() {
        // The build passes --add-modules jdk.incubator.vector to every test JVM, as bin/mgw does to the services.
        assertInstanceOf(VectorPairSums.class, PairSums.fastest(WEIGHTS));
    }

    @Test
    void bothKernelsMatchTheReferenceForEveryCountAndOffset() {
        Random random = new Random(7);
        int reach = WEIGHTS.length;
        for (PairSums kernel : new PairSums[] {new ScalarPairSums(WEIGHTS), new VectorPairSums(WEIGHTS)}) {
            for (int count = 0; count <= 70; count++) {
                for (int base = reach - 1; base < reach + 3; base++) {
                    float[] x = noise(random, base + count + reach + 1);
                    float[] out = new float[count + 1];
                    out[count] = 12345f; // a sentinel: nothing past count is written
                    kernel.sums(x, base, count, out);
                    for (int j = 0; j < count; j++) {
                        assertEquals(exact(x, base + j), out[j], tolerance(x, base + j), kernel + " count " + count + " output " + j);
                    }
                    assertEquals(12345f, out[count], kernel + " wrote past count " + count);
                }
            }
        }
    }

    @Test
    void theFilterGivesTheSameAudioWithEitherKernelToWithinOneStep() {
        Random random = new Random(11);
        for (boolean up : new boolean[] {true, false}) {
            HalfBandFilter scalar = new HalfBandFilter(up, new ScalarPairSums(WEIGHTS));
            HalfBandFilter simd = new HalfBandFilter(up, new VectorPairSums(WEIGHTS));
            int compared = 0;
            for (int frame = 0; frame < 50; frame++) {
                int length = up ? 160 : 320 + (frame % 3); // odd pieces too: halving keeps its phase across calls
                short[] input = new short[length];
                for (int i = 0; i < length; i++) {
                    input[i] = (short) Math.max(-32768, Math.min(32767, random.nextGaussian() * 6000));
                }
                short[] a = new short[scalar.maxOutputSamples(length)];
                short[] b = new short[simd.maxOutputSamples(length)];
                int written = scalar.process(input, 0, length, a, 0);
                assertEquals(written, simd.process(input, 0, length, b, 0));
                for (int i = 0; i < written; i++) {
                    assertTrue(Math.abs(a[i] - b[i]) <= 1, "up=" + up + " frame " + frame + " sample " + i
                            + ": " + a[i] + " against " + b[i]);
                }
                compared += written;
            }
            assertTrue(compared > 4000, "compared " + compared);
        }
    }
}
