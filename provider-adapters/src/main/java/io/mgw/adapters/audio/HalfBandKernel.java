package io.mgw.adapters.audio;

/**
 * The half-band filter's loops over a whole frame ({@link HalfBandFilter}), in one place so that they can run on SIMD
 * vectors: the pair sums {@code s[j] = sum over k of g[k] * (x[base + j + 1 + k] + x[base + j - k])} around every
 * position, with the doubling and halving output stages fused onto them (rounding and saturation to 16 bits
 * included, as {@link Resampler#clip}), and the split of little-endian PCM16 input into its two interleaved halves.
 * Both kernels round and saturate identically; only the order of the sums' additions differs (within one step).
 */
interface HalfBandKernel {

    /** Computes {@code out[0..count)}: the pair sums around {@code x[base + j]}. */
    void sums(float[] x, int base, int count, float[] out);

    /**
     * Doubling's outputs two by two: {@code packed[j]} holds {@code x[firstCentre + j]} (an input sample, exact) in its
     * low 16 bits and the rounded, saturated pair sum around it in its high 16 bits; as a little-endian int that is
     * the two PCM16 samples in output order.
     */
    void doubled(float[] x, int firstCentre, int count, int[] packed);

    /**
     * Halving's outputs: {@code out[j] = clip(0.5 * (centres[j] + s[j]))} with {@code s[j]} the pair sum around
     * {@code taps[base + j]}.
     */
    void halved(float[] taps, int base, float[] centres, int count, int[] out);

    /**
     * Splits {@code pairs} pairs of little-endian PCM16 samples at {@code src[offset..]} into floats: the first of
     * each pair to {@code first[firstAt..]}, the second to {@code second[secondAt..]}.
     */
    void splitPcm16Pairs(byte[] src, int offset, int pairs, float[] first, int firstAt, float[] second, int secondAt);

    /**
     * The SIMD kernel when the JVM runs with {@code --add-modules jdk.incubator.vector} (bin/mgw and the images do),
     * else the scalar one. {@code -Dmgw.audio.simd=false} forces the scalar kernel.
     */
    static HalfBandKernel fastest(float[] weights) {
        boolean vectorApi = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (vectorApi && !"false".equals(System.getProperty("mgw.audio.simd"))) {
            return new VectorHalfBandKernel(weights);
        }
        return new ScalarHalfBandKernel(weights);
    }
}
