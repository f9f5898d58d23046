package io.mgw.adapters.audio;

/**
 * The half-band filter's inner loop: {@code out[j] = sum over k of g[k] * (x[base + j + 1 + k] + x[base + j - k])}
 * for every output j, the weighted sums of the symmetric tap pairs around position {@code base + j}. Doubling and
 * halving both reduce to it ({@link HalfBandFilter}), so it is the one place worth vectorising.
 */
interface PairSums {

    /** Computes {@code out[0..count)} from {@code x} around {@code base + j}. */
    void sums(float[] x, int base, int count, float[] out);

    /**
     * The SIMD kernel when the JVM runs with {@code --add-modules jdk.incubator.vector} (bin/mgw and the images do),
     * else the scalar one. {@code -Dmgw.audio.simd=false} forces the scalar kernel.
     */
    static PairSums fastest(float[] weights) {
        boolean vectorApi = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (vectorApi && !"false".equals(System.getProperty("mgw.audio.simd"))) {
            return new VectorPairSums(weights);
        }
        return new ScalarPairSums(weights);
    }
}
