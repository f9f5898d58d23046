package io.mgw.adapters.audio;

import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link HalfBandKernel} with the Vector API: the JVM's preferred vector width (16 lanes with AVX-512) covers that
 * many outputs per step, each tap pair two unaligned loads, an add and a fused multiply-add, and the output stage
 * (saturation, rounding half away from zero, conversion to int, packing) stays in registers. JDK 17's
 * auto-vectoriser leaves these loops scalar (they read one array at several offsets, and convert); by hand the pair
 * sums ran about five times faster here. Only loaded when the {@code jdk.incubator.vector} module is present
 * ({@link HalfBandKernel#fastest}).
 */
final class VectorHalfBandKernel implements HalfBandKernel {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    /** Ints of the same shape: as many lanes as {@link #FLOATS}. */
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    /** 1.5 * 2^23: a float in [2^23, 2^24) holds an integer in its mantissa, so its bits minus these are the integer. */
    private static final float MAGIC = 12_582_912f;
    private static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC);

    private final float[] g;
    private final ScalarHalfBandKernel tail;

    VectorHalfBandKernel(float[] weights) {
        if (INTS.length() != FLOATS.length()) {
            throw new IllegalStateException("int and float vectors of different lane counts");
        }
        this.g = weights.clone();
        this.tail = new ScalarHalfBandKernel(weights);
    }

    @Override
    public void sums(float[] x, int base, int count, float[] out) {
        int bound = FLOATS.loopBound(count);
        for (int j = 0; j < bound; j += FLOATS.length()) {
            sum(x, base + j).intoArray(out, j);
        }
        tail.sums(x, base, bound, count, out);
    }

    @Override
    public void doubled(float[] x, int firstCentre, int count, int[] packed) {
        int bound = FLOATS.loopBound(count);
        for (int j = 0; j < bound; j += FLOATS.length()) {
            int centre = firstCentre + j;
            IntVector low = exact(FloatVector.fromArray(FLOATS, x, centre)).and(0xFFFF);
            IntVector high = clipped(sum(x, centre)).lanewise(VectorOperators.LSHL, 16);
            low.or(high).intoArray(packed, j);
        }
        tail.doubled(x, firstCentre, bound, count, packed);
    }

    @Override
    public void halved(float[] taps, int base, float[] centres, int count, int[] out) {
        int bound = FLOATS.loopBound(count);
        for (int j = 0; j < bound; j += FLOATS.length()) {
            FloatVector value = FloatVector.fromArray(FLOATS, centres, j).add(sum(taps, base + j)).mul(0.5f);
            clipped(value).intoArray(out, j);
        }
        tail.halved(taps, base, centres, bound, count, out);
    }

    @Override
    public void splitPcm16Pairs(byte[] src, int offset, int pairs, float[] first, int firstAt, float[] second,
                                int secondAt) {
        int bound = INTS.loopBound(pairs);
        for (int p = 0; p < bound; p += INTS.length()) {
            IntVector both = IntVector.fromByteArray(INTS, src, offset + 4 * p, ByteOrder.LITTLE_ENDIAN);
            IntVector low = both.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16);
            IntVector high = both.lanewise(VectorOperators.ASHR, 16);
            ((FloatVector) low.convert(VectorOperators.I2F, 0)).intoArray(first, firstAt + p);
            ((FloatVector) high.convert(VectorOperators.I2F, 0)).intoArray(second, secondAt + p);
        }
        tail.splitPcm16Pairs(src, offset, bound, pairs, first, firstAt, second, secondAt);
    }

    private FloatVector sum(float[] x, int centre) {
        float[] w = g;
        FloatVector sum = FloatVector.zero(FLOATS);
        for (int k = 0; k < w.length; k++) {
            FloatVector right = FloatVector.fromArray(FLOATS, x, centre + 1 + k);
            FloatVector left = FloatVector.fromArray(FLOATS, x, centre - k);
            sum = right.add(left).fma(FloatVector.broadcast(FLOATS, w[k]), sum);
        }
        return sum;
    }

    /**
     * {@link Resampler#clip} on every lane: saturated to 16 bits, rounded half away from zero. JDK 17 does not compile
     * the Vector API's float-to-int conversion to an instruction (it ran some twenty times slower than an add here),
     * so the integer comes from the float's bits: adding 1.5 * 2^23 leaves it, rounded to nearest even, in the low
     * mantissa bits; the ties that rounding sends the other way are taken half away from zero first.
     */
    private static IntVector clipped(FloatVector value) {
        FloatVector clamped = value.max(Short.MIN_VALUE).min(Short.MAX_VALUE); // integer bounds: clamping first is the same
        FloatVector nearestEven = clamped.add(MAGIC).sub(MAGIC);
        FloatVector half = FloatVector.broadcast(FLOATS, 0.5f).blend(-0.5f, clamped.compare(VectorOperators.LT, 0f));
        FloatVector tie = clamped.sub(nearestEven).abs();
        FloatVector rounded = nearestEven.blend(clamped.add(half), tie.compare(VectorOperators.EQ, 0.5f));
        return rounded.add(MAGIC).reinterpretAsInts().sub(MAGIC_BITS);
    }

    /** An input sample (an integer within 16 bits) as an int. */
    private static IntVector exact(FloatVector sample) {
        return sample.add(MAGIC).reinterpretAsInts().sub(MAGIC_BITS);
    }

    @Override
    public String toString() {
        return "VectorHalfBandKernel[" + FLOATS + "]";
    }
}
