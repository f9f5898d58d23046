package io.mgw.adapters.audio;

/**
 * {@link HalfBandKernel} in plain Java: two accumulators per sum, so consecutive multiply-adds do not wait on each
 * other. Also the vector kernel's tail (the outputs past its last whole vector).
 */
final class ScalarHalfBandKernel implements HalfBandKernel {

    private final float[] g;

    ScalarHalfBandKernel(float[] weights) {
        if (weights.length % 2 != 0) {
            throw new IllegalArgumentException("an even number of weights is expected");
        }
        this.g = weights.clone();
    }

    @Override
    public void sums(float[] x, int base, int count, float[] out) {
        sums(x, base, 0, count, out);
    }

    /** Outputs {@code from} to {@code to} only. */
    void sums(float[] x, int base, int from, int to, float[] out) {
        for (int j = from; j < to; j++) {
            out[j] = sum(x, base + j);
        }
    }

    @Override
    public void doubled(float[] x, int firstCentre, int count, int[] packed) {
        doubled(x, firstCentre, 0, count, packed);
    }

    /** Outputs {@code from} to {@code to} only. */
    void doubled(float[] x, int firstCentre, int from, int to, int[] packed) {
        for (int j = from; j < to; j++) {
            int centre = firstCentre + j;
            packed[j] = ((int) x[centre] & 0xFFFF) | (Resampler.clip(sum(x, centre)) << 16);
        }
    }

    @Override
    public void halved(float[] taps, int base, float[] centres, int count, int[] out) {
        halved(taps, base, centres, 0, count, out);
    }

    /** Outputs {@code from} to {@code to} only. */
    void halved(float[] taps, int base, float[] centres, int from, int to, int[] out) {
        for (int j = from; j < to; j++) {
            out[j] = Resampler.clip(0.5f * (centres[j] + sum(taps, base + j)));
        }
    }

    @Override
    public void splitPcm16Pairs(byte[] src, int offset, int pairs, float[] first, int firstAt, float[] second,
                                int secondAt) {
        splitPcm16Pairs(src, offset, 0, pairs, first, firstAt, second, secondAt);
    }

    /** Pairs {@code from} to {@code to} only. */
    void splitPcm16Pairs(byte[] src, int offset, int from, int to, float[] first, int firstAt, float[] second,
                         int secondAt) {
        for (int p = from; p < to; p++) {
            int at = offset + 4 * p;
            first[firstAt + p] = (short) ((src[at] & 0xFF) | (src[at + 1] << 8));
            second[secondAt + p] = (short) ((src[at + 2] & 0xFF) | (src[at + 3] << 8));
        }
    }

    private float sum(float[] x, int centre) {
        float[] w = g;
        float s0 = 0f;
        float s1 = 0f;
        for (int k = 0; k < w.length; k += 2) {
            s0 += w[k] * (x[centre + 1 + k] + x[centre - k]);
            s1 += w[k + 1] * (x[centre + 2 + k] + x[centre - 1 - k]);
        }
        return s0 + s1;
    }
}
