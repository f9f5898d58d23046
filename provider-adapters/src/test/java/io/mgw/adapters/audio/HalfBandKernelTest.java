package io.mgw.adapters.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class HalfBandKernelTest {

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
        assertInstanceOf(VectorHalfBandKernel.class, HalfBandKernel.fastest(WEIGHTS));
    }

    @Test
    void bothKernelsMatchTheReferenceForEveryCountAndOffset() {
        Random random = new Random(7);
        int reach = WEIGHTS.length;
        for (HalfBandKernel kernel : new HalfBandKernel[] {new ScalarHalfBandKernel(WEIGHTS), new VectorHalfBandKernel(WEIGHTS)}) {
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
            HalfBandFilter scalar = new HalfBandFilter(up, new ScalarHalfBandKernel(WEIGHTS));
            HalfBandFilter simd = new HalfBandFilter(up, new VectorHalfBandKernel(WEIGHTS));
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

    private static short[] speech(Random random, int length) {
        short[] x = new short[length];
        for (int i = 0; i < length; i++) {
            x[i] = (short) Math.max(-32768, Math.min(32767, random.nextGaussian() * 9000));
        }
        return x;
    }

    private static HalfBandKernel[] kernels() {
        return new HalfBandKernel[] {new ScalarHalfBandKernel(WEIGHTS), new VectorHalfBandKernel(WEIGHTS)};
    }

    @Test
    void theFusedStagesRoundHalfAwayFromZeroAndSaturateAlikeInBothKernels() {
        // With zero taps a halved output is exactly half its centre: odd centres land on .5, the rest saturate.
        float[] centres = {1, -1, 3, -3, 65535, -65535, 65536, -65538, 70000, -70000, 0, -0f, 32767, -32767, 5, -5,
                7, -7, 99, -99};
        int[] expected = {1, -1, 2, -2, 32767, -32768, 32767, -32768, 32767, -32768, 0, 0, 16384, -16384, 3, -3, 4, -4,
                50, -50};
        float[] taps = new float[centres.length + 2 * WEIGHTS.length];
        for (HalfBandKernel kernel : kernels()) {
            int[] out = new int[centres.length];
            kernel.halved(taps, WEIGHTS.length - 1, centres, centres.length, out);
            assertArrayEquals(expected, out, kernel.toString());
        }
    }

    @Test
    void bothKernelsFuseTheOutputStagesOntoTheReferenceSums() {
        Random random = new Random(5);
        int reach = WEIGHTS.length;
        for (HalfBandKernel kernel : kernels()) {
            for (int count = 0; count <= 50; count++) {
                float[] x = noise(random, count + 2 * reach + 1);
                for (int i = 0; i < x.length; i++) {
                    x[i] = Math.round(Math.max(-32768, Math.min(32767, x[i]))); // doubling's input: 16-bit samples
                }
                int[] packed = new int[count + 1];
                packed[count] = 777;
                kernel.doubled(x, reach - 1, count, packed);
                float[] centres = noise(random, count);
                int[] halved = new int[count + 1];
                halved[count] = 777;
                kernel.halved(x, reach - 1, centres, count, halved);
                for (int j = 0; j < count; j++) {
                    int centre = reach - 1 + j;
                    assertEquals((short) x[centre], (short) packed[j], kernel + " doubled even " + j);
                    double odd = Math.max(-32768, Math.min(32767, exact(x, centre)));
                    assertEquals(odd, packed[j] >> 16, 1.0, kernel + " doubled odd " + j);
                    double half = Math.max(-32768, Math.min(32767, 0.5 * (centres[j] + exact(x, centre))));
                    assertEquals(half, halved[j], 1.0, kernel + " halved " + j);
                }
                assertEquals(777, packed[count], kernel + " doubled past count " + count);
                assertEquals(777, halved[count], kernel + " halved past count " + count);
            }
        }
    }

    @Test
    void bothKernelsSplitLittleEndianPairsExactly() {
        Random random = new Random(9);
        for (HalfBandKernel kernel : kernels()) {
            for (int pairs = 0; pairs <= 40; pairs++) {
                byte[] src = new byte[3 + 4 * pairs];
                random.nextBytes(src);
                float[] first = new float[pairs + 2];
                float[] second = new float[pairs + 5];
                kernel.splitPcm16Pairs(src, 3, pairs, first, 2, second, 5);
                for (int p = 0; p < pairs; p++) {
                    int at = 3 + 4 * p;
                    assertEquals((short) ((src[at] & 0xFF) | (src[at + 1] << 8)), first[2 + p], kernel + " first " + p);
                    assertEquals((short) ((src[at + 2] & 0xFF) | (src[at + 3] << 8)), second[5 + p], kernel + " second " + p);
                }
            }
        }
    }

    /**
     * The filter against its definition written out in double: doubling gives x[j - M] and then the pair sum
     * around it, halving half of x[2n - (2M - 2)] plus its pair sum (M taps per side; the stream starts on zeros).
     */
    @Test
    void theFilterIsTheHalfBandDefinitionWithItsDelay() {
        Random random = new Random(13);
        int m = WEIGHTS.length;
        short[] x = speech(random, 4000);
        IntFunction<Double> at = i -> i < 0 || i >= x.length ? 0.0 : x[i];
        for (HalfBandKernel kernel : kernels()) {
            short[] up = streamed(new HalfBandFilter(true, kernel), x, 160, true);
            short[] down = streamed(new HalfBandFilter(false, kernel), x, 37, false);
            for (int j = 0; j < x.length; j++) {
                int c = j - m;
                double sum = 0;
                for (int k = 0; k < m; k++) {
                    sum += WEIGHTS[k] * (at.apply(c + 1 + k) + at.apply(c - k));
                }
                assertEquals(at.apply(c), up[2 * j], 0.0, kernel + " doubled even " + j);
                assertEquals(Math.max(-32768, Math.min(32767, sum)), up[2 * j + 1], 1.0, kernel + " doubled odd " + j);
            }
            assertEquals(x.length / 2, down.length);
            for (int n = 0; n < down.length; n++) {
                int c = 2 * n - (2 * m - 2);
                double sum = 0;
                for (int k = 0; k < m; k++) {
                    sum += WEIGHTS[k] * (at.apply(c + 2 * k + 1) + at.apply(c - 2 * k - 1));
                }
                double expected = Math.max(-32768, Math.min(32767, 0.5 * (at.apply(c) + sum)));
                assertEquals(expected, down[n], 1.0, kernel + " halved " + n);
            }
        }
    }

    private static short[] streamed(HalfBandFilter filter, short[] x, int piece, boolean up) {
        short[] out = new short[2 * x.length + 2];
        int written = 0;
        for (int offset = 0; offset < x.length; offset += piece) {
            int length = Math.min(piece, x.length - offset);
            written += filter.process(x, offset, length, out, written);
        }
        return Arrays.copyOf(out, written);
    }

    /** The byte path (encodings fused into the filter's passes) gives exactly the 16-bit path's audio, encoded. */
    @Test
    void theBytePathEqualsTheSampleArrayPathForEveryEncodingAndPiece() {
        Random random = new Random(17);
        for (HalfBandKernel kernel : kernels()) {
            for (boolean up : new boolean[] {true, false}) {
                for (AudioEncoding from : AudioEncoding.values()) {
                    for (AudioEncoding to : AudioEncoding.values()) {
                        HalfBandFilter bytes = new HalfBandFilter(up, kernel);
                        HalfBandFilter samples = new HalfBandFilter(up, kernel);
                        for (int frame = 0; frame < 12; frame++) {
                            int length = frame % 4 == 3 ? 1 + random.nextInt(400) : up ? 160 : 320;
                            short[] pcm = speech(random, length);
                            byte[] encoded = encode(from, pcm);
                            short[] input = decode(from, encoded); // what the encoding can carry
                            short[] expected = new short[samples.maxOutputSamples(length)];
                            int n = samples.process(input, 0, length, expected, 0);
                            assertEquals(n, bytes.outputSamples(length));
                            byte[] out = new byte[n * to.bytesPerSample() + 3];
                            out[out.length - 1] = 42;
                            byte[] src = new byte[encoded.length + 1];
                            System.arraycopy(encoded, 0, src, 1, encoded.length);
                            assertEquals(n, bytes.process(from, src, 1, length, to, out, 2));
                            assertArrayEquals(encode(to, Arrays.copyOf(expected, n)),
                                    Arrays.copyOfRange(out, 2, 2 + n * to.bytesPerSample()),
                                    kernel + " up=" + up + " " + from + "->" + to + " frame " + frame);
                            assertEquals(42, out[out.length - 1]);
                        }
                    }
                }
            }
        }
    }

    private static byte[] encode(AudioEncoding encoding, short[] pcm) {
        byte[] out = new byte[pcm.length * encoding.bytesPerSample()];
        encoding.encode(pcm, 0, out, 0, pcm.length);
        return out;
    }

    private static short[] decode(AudioEncoding encoding, byte[] data) {
        short[] out = new short[data.length / encoding.bytesPerSample()];
        encoding.decode(data, 0, out, 0, out.length);
        return out;
    }
}
