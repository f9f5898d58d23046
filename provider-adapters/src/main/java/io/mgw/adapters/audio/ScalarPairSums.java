package io.mgw.adapters.audio;

/** {@link PairSums} in plain Java: two accumulators, so consecutive multiply-adds do not wait on each other. */
final class ScalarPairSums implements PairSums {

    private final float[] g;

    ScalarPairSums(float[] weights) {
        if (weights.length % 2 != 0) {
            throw new IllegalArgumentException("an even number of weights is expected");
        }
        this.g = weights.clone();
    }

    @Override
    public void sums(float[] x, int base, int count, float[] out) {
        sums(x, base, 0, count, out);
    }

    /** Outputs {@code from} to {@code to} only: the vector kernel's tail. */
    void sums(float[] x, int base, int from, int to, float[] out) {
        float[] w = g;
        for (int j = from; j < to; j++) {
            int centre = base + j;
            float s0 = 0f;
            float s1 = 0f;
            for (int k = 0; k < w.length; k += 2) {
                s0 += w[k] * (x[centre + 1 + k] + x[centre - k]);
                s1 += w[k + 1] * (x[centre + 2 + k] + x[centre - 1 - k]);
            }
            out[j] = s0 + s1;
        }
    }
}
